using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace GatoLink.Gateway.Json;

/// <summary>Source-generated JSON for the data plane, snake_case like OpenAI.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(ErrorEnvelope))]
[JsonSerializable(typeof(ModelList))]
[JsonSerializable(typeof(ModelEntry))]
[JsonSerializable(typeof(JsonObject))]
[JsonSerializable(typeof(string))]
public sealed partial class GatewayJsonContext : JsonSerializerContext;
