using System.Text.Json.Serialization;
using GatoLink.Cli.Api.Dtos;

namespace GatoLink.Cli.Api;

/// <summary>Source-generated JSON for the admin API's answers: snake_case, like the silo writes them.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(TenantDto))]
[JsonSerializable(typeof(List<TenantDto>))]
[JsonSerializable(typeof(KeyDto))]
[JsonSerializable(typeof(List<KeyDto>))]
[JsonSerializable(typeof(BudgetDto))]
[JsonSerializable(typeof(UsageReportDto))]
[JsonSerializable(typeof(NodeDto))]
[JsonSerializable(typeof(List<NodeDto>))]
[JsonSerializable(typeof(ModelDto))]
[JsonSerializable(typeof(List<ModelDto>))]
[JsonSerializable(typeof(PricingDto))]
[JsonSerializable(typeof(OverflowDto))]
[JsonSerializable(typeof(List<AuditEntryDto>))]
[JsonSerializable(typeof(ErrorEnvelopeDto))]
[JsonSerializable(typeof(OidcClientConfigDto))]
internal sealed partial class CliJsonContext : JsonSerializerContext;
