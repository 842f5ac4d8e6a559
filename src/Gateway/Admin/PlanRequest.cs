using GatoLink.Gateway.Admin.Validation;
using GatoLink.Grains.Abstractions.Keys;
using GatoLink.Grains.Abstractions.Plans;

namespace GatoLink.Gateway.Admin;

/// <summary>Body of <c>POST /admin/plans</c>: a new plan; money in USD with at most six decimals.</summary>
public sealed record PlanRequest(
    string? Name,
    decimal? MonthlyFeeUsd,
    decimal? IncludedUsd,
    int? Rpm,
    long? Tpm,
    decimal? DailyCostUsd,
    decimal? MonthlyCostUsd,
    long? MonthlyTokens,
    OveragePolicy? Overage,
    BillingMode? Billing,
    IReadOnlyList<PlanPriceBody?>? ModelPrices = null,
    long? IncludedTokens = null)
    : IAdminRequest<PlanRequest>
{
    /// <inheritdoc />
    public FieldError? Validate(DateTimeOffset now) =>
        FieldRules.Name(Name, "name")
        ?? PlanRules.Usd(MonthlyFeeUsd, "monthly_fee_usd")
        ?? PlanRules.Usd(IncludedUsd, "included_usd")
        ?? FieldRules.Limits(Rpm, Tpm, DailyCostUsd, MonthlyCostUsd, MonthlyTokens)
        ?? FieldRules.Defined(Overage, "overage")
        ?? FieldRules.Defined(Billing, "billing")
        ?? PlanPriceBody.Validate(ModelPrices)
        ?? PlanRules.Tokens(IncludedTokens, "included_tokens");

    /// <summary>The plan as version 1, with its model prices as <see cref="PlanPriceBody.Resolve"/> made them.</summary>
    public PlanRecord ToPlan(DateTimeOffset now, PlanModelPrice[]? modelPrices) => new(
        Name!.Trim(),
        1,
        Money.ToMicros(MonthlyFeeUsd ?? 0),
        Money.ToMicros(IncludedUsd ?? 0),
        new Limits(Rpm, Tpm, Money.ToMicros(DailyCostUsd), Money.ToMicros(MonthlyCostUsd), MonthlyTokens),
        Overage ?? OveragePolicy.Overage,
        Billing ?? BillingMode.Postpaid,
        now,
        modelPrices,
        IncludedTokens);
}
