using System.Text.Json.Serialization;
using GatoLink.Grains.Abstractions.Usage;

namespace GatoLink.Silo.Ledger;

/// <summary>Source-generated JSON of a spooled event and of a ledger row's tags.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(UsageEvent))]
[JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class LedgerJsonContext : JsonSerializerContext;
