using GatoLink.Gateway.Admin.Validation;
using GatoLink.Grains.Abstractions.Keys;

namespace GatoLink.Gateway.Admin;

/// <summary>Body of <c>POST /admin/tenants/{id}/keys</c>.</summary>
public sealed record CreateKeyRequest(
    string? Name,
    ApiKeyRole? Role,
    int? Rpm,
    long? Tpm,
    decimal? DailyCostUsd,
    decimal? MonthlyCostUsd,
    long? MonthlyTokens,
    IReadOnlyList<string>? AllowedModels,
    DateTimeOffset? ExpiresAt,
    int? MaxConcurrent = null,
    PriorityClass? Priority = null)
    : IAdminRequest<CreateKeyRequest>
{
    /// <inheritdoc />
    public FieldError? Validate(DateTimeOffset now) =>
        FieldRules.Name(Name, "name", required: false)
        ?? FieldRules.Defined(Role, "role")
        ?? FieldRules.Limits(Rpm, Tpm, DailyCostUsd, MonthlyCostUsd, MonthlyTokens, MaxConcurrent)
        ?? FieldRules.Defined(Priority, "priority")
        ?? FieldRules.Names(AllowedModels, "allowed_models")
        ?? FieldRules.Future(ExpiresAt, "expires_at", now);

    /// <summary>The limits asked for.</summary>
    public Limits ToLimits() => new(Rpm, Tpm, Money.ToMicros(DailyCostUsd), Money.ToMicros(MonthlyCostUsd), MonthlyTokens, MaxConcurrent);
}
