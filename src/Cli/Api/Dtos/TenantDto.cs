namespace GatoLink.Cli.Api.Dtos;

/// <summary>A tenant as <c>/admin/tenants</c> shows it.</summary>
public sealed record TenantDto(
    Guid Id,
    string Name,
    int? Rpm,
    long? Tpm,
    decimal? DailyCostUsd,
    decimal? MonthlyCostUsd,
    long? MonthlyTokens,
    bool Disabled,
    DateTimeOffset CreatedAt,
    int? MaxConcurrent = null,
    int? Weight = null,
    double? GuaranteedShare = null,
    string? Plan = null,
    string? Billing = null,
    decimal? LowBalanceUsd = null,
    CachePolicyDto? Cache = null,
    bool KvIsolation = false,
    string ExternalOverflow = "allow");
