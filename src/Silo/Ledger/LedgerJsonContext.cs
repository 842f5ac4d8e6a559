using System.Text.Json.Serialization;
using GatoLink.Grains.Abstractions.Usage;

namespace GatoLink.Silo.Ledger;

/// <summary>Source-generated JSON of a spooled event.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(UsageEvent))]
internal sealed partial class LedgerJsonContext : JsonSerializerContext;
