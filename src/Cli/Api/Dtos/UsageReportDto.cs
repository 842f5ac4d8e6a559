namespace GatoLink.Cli.Api.Dtos;

/// <summary>The JSON answer of the usage endpoints.</summary>
public sealed record UsageReportDto(DateOnly From, DateOnly To, string GroupBy, Guid? TenantId, Guid? ApiKeyId, IReadOnlyList<UsageRowDto> Rows, CacheSavingsDto? Cache = null);
