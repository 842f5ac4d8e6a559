namespace GatoLink.Cli.Api.Dtos;

/// <summary>
/// A key as <c>/admin/keys</c> shows it. <see cref="Key"/> (the secret) is set only in the answer to create and rotate.
/// Role and status stay strings so a newer silo's values still display.
/// </summary>
public sealed record KeyDto(
    Guid Id,
    Guid TenantId,
    string Name,
    string Prefix,
    string Role,
    string Status,
    int? Rpm,
    long? Tpm,
    decimal? DailyCostUsd,
    decimal? MonthlyCostUsd,
    long? MonthlyTokens,
    IReadOnlyList<string>? AllowedModels,
    DateTimeOffset? ExpiresAt,
    DateTimeOffset CreatedAt,
    string? Key,
    CachePolicyDto? Cache = null);
