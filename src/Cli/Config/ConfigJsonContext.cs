using System.Text.Json.Serialization;

namespace GatoLink.Cli.Config;

/// <summary>Source-generated JSON for the config file.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ProfileFile))]
internal sealed partial class ConfigJsonContext : JsonSerializerContext;
