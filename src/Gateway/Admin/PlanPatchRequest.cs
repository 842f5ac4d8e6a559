using System.Text.Json;
using GatoLink.Gateway.Admin.Validation;
using GatoLink.Grains.Abstractions.Plans;

namespace GatoLink.Gateway.Admin;

/// <summary>Body of <c>PATCH /admin/plans/{name}</c>: absent fields stay; a limit, <c>included_tokens</c> or <c>model_prices</c> set to null is removed. The plan's version goes up by one.</summary>
public sealed record PlanPatchRequest(
    PatchField<decimal?> MonthlyFeeUsd,
    PatchField<decimal?> IncludedUsd,
    LimitsPatch Limits,
    PatchField<OveragePolicy?> Overage,
    PatchField<BillingMode?> Billing,
    PatchField<IReadOnlyList<PlanPriceBody?>?> ModelPrices,
    PatchField<long?> IncludedTokens)
    : IAdminRequest<PlanPatchRequest>
{
    /// <inheritdoc />
    public static PlanPatchRequest Read(JsonElement body, JsonSerializerOptions json) => new(
        AdminJson.Field<decimal?>(body, "monthly_fee_usd", json),
        AdminJson.Field<decimal?>(body, "included_usd", json),
        LimitsPatch.Read(body, json),
        AdminJson.Field<OveragePolicy?>(body, "overage", json),
        AdminJson.Field<BillingMode?>(body, "billing", json),
        AdminJson.Field<IReadOnlyList<PlanPriceBody?>?>(body, PlanPriceBody.Field, json),
        AdminJson.Field<long?>(body, "included_tokens", json));

    /// <inheritdoc />
    public static IReadOnlyCollection<string> Fields(JsonSerializerOptions json) =>
        ["monthly_fee_usd", "included_usd", .. LimitsPatch.Fields, "overage", "billing", PlanPriceBody.Field, "included_tokens"];

    /// <inheritdoc />
    public FieldError? Validate(DateTimeOffset now) =>
        Required(MonthlyFeeUsd, "monthly_fee_usd") ?? PlanRules.Usd(MonthlyFeeUsd.Value, "monthly_fee_usd")
        ?? Required(IncludedUsd, "included_usd") ?? PlanRules.Usd(IncludedUsd.Value, "included_usd")
        ?? Limits.Validate()
        ?? (Overage is { IsSet: true, Value: null } ? FieldRules.Required("overage") : FieldRules.Defined(Overage.Value, "overage"))
        ?? (Billing is { IsSet: true, Value: null } ? FieldRules.Required("billing") : FieldRules.Defined(Billing.Value, "billing"))
        ?? PlanPriceBody.Validate(ModelPrices.Value)
        ?? PlanRules.Tokens(IncludedTokens.Value, "included_tokens");

    /// <summary>
    /// The next version of <paramref name="current"/>; <paramref name="modelPrices"/> (as <see cref="PlanPriceBody.Resolve"/>
    /// made them) replace the plan's when <c>model_prices</c> was sent (null or empty: none).
    /// </summary>
    public PlanRecord Apply(PlanRecord current, DateTimeOffset now, PlanModelPrice[]? modelPrices)
    {
        ArgumentNullException.ThrowIfNull(current);
        return current with
        {
            Version = current.Version + 1,
            MonthlyFeeMicros = MonthlyFeeUsd.IsSet ? Money.ToMicros(MonthlyFeeUsd.Value!.Value) : current.MonthlyFeeMicros,
            IncludedMicros = IncludedUsd.IsSet ? Money.ToMicros(IncludedUsd.Value!.Value) : current.IncludedMicros,
            Limits = Limits.Apply(current.Limits),
            Overage = Overage.Value ?? current.Overage,
            Billing = Billing.Value ?? current.Billing,
            UpdatedAt = now,
            ModelPrices = ModelPrices.IsSet ? modelPrices : current.ModelPrices,
            IncludedTokens = IncludedTokens.IsSet ? IncludedTokens.Value : current.IncludedTokens,
        };
    }

    // A money field may be absent (kept) but not null: a plan always has a fee and an allowance.
    private static FieldError? Required(PatchField<decimal?> field, string name) =>
        field is { IsSet: true, Value: null } ? FieldRules.Required(name) : null;
}
