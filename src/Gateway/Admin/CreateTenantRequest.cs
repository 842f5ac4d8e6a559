using GatoLink.Gateway.Admin.Validation;
using GatoLink.Grains.Abstractions.Keys;
using GatoLink.Grains.Abstractions.Plans;
using GatoLink.Grains.Abstractions.Tenants;

namespace GatoLink.Gateway.Admin;

/// <summary>Body of <c>POST /admin/tenants</c>.</summary>
public sealed record CreateTenantRequest(
    string? Name, int? Rpm, long? Tpm, decimal? DailyCostUsd, decimal? MonthlyCostUsd, long? MonthlyTokens, string? Plan, BillingMode? Billing, decimal? LowBalanceUsd,
    int? MaxConcurrent = null, int? Weight = null, double? GuaranteedShare = null)
    : IAdminRequest<CreateTenantRequest>
{
    /// <inheritdoc />
    public FieldError? Validate(DateTimeOffset now) =>
        FieldRules.Name(Name, "name")
        ?? FieldRules.Limits(Rpm, Tpm, DailyCostUsd, MonthlyCostUsd, MonthlyTokens, MaxConcurrent)
        ?? FieldRules.Share(Weight, GuaranteedShare)
        ?? ToBillingPatch().Validate();

    /// <summary>The billing fields as a patch of the default (postpaid, no plan).</summary>
    public BillingPatch ToBillingPatch() => new(new(Plan is not null, Plan), new(Billing is not null, Billing), new(LowBalanceUsd is not null, LowBalanceUsd));

    /// <summary>The limits asked for.</summary>
    public Limits ToLimits() => new(Rpm, Tpm, Money.ToMicros(DailyCostUsd), Money.ToMicros(MonthlyCostUsd), MonthlyTokens, MaxConcurrent);

    /// <summary>The fair share asked for; null: the default.</summary>
    public FairShare? ToShare() => Weight is null && GuaranteedShare is null ? null : new FairShare(Weight ?? 1, GuaranteedShare);
}
