using GatoLink.Gateway.Admin.Validation;
using GatoLink.Grains.Abstractions.Keys;

namespace GatoLink.Gateway.Admin;

/// <summary>Body of <c>POST /admin/tenants</c>.</summary>
public sealed record CreateTenantRequest(string? Name, int? Rpm, long? Tpm, decimal? DailyCostUsd, decimal? MonthlyCostUsd, long? MonthlyTokens)
    : IAdminRequest<CreateTenantRequest>
{
    /// <inheritdoc />
    public FieldError? Validate(DateTimeOffset now) =>
        FieldRules.Name(Name, "name")
        ?? FieldRules.Limits(Rpm, Tpm, DailyCostUsd, MonthlyCostUsd, MonthlyTokens);

    /// <summary>The limits asked for.</summary>
    public Limits ToLimits() => new(Rpm, Tpm, Money.ToMicros(DailyCostUsd), Money.ToMicros(MonthlyCostUsd), MonthlyTokens);
}
