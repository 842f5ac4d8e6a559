using System.Text.Json;
using GatoLink.Gateway.Admin.Validation;
using GatoLink.Grains.Abstractions.Plans;
using GatoLink.PerSilo.Plans;

namespace GatoLink.Gateway.Admin;

/// <summary>
/// The billing part of a tenant's POST or PATCH: <c>plan</c> (null: none), <c>billing</c> (<c>postpaid</c> or
/// <c>prepaid</c>; absent with a new plan: the plan's) and <c>low_balance_usd</c>; absent fields stay.
/// </summary>
public sealed record BillingPatch(PatchField<string?> Plan, PatchField<BillingMode?> Billing, PatchField<decimal?> LowBalanceUsd)
{
    /// <summary>The three fields, as the client spells them.</summary>
    public static readonly IReadOnlyList<string> Fields = ["plan", "billing", "low_balance_usd"];

    /// <summary>Reads the three fields of <paramref name="body"/>.</summary>
    public static BillingPatch Read(JsonElement body, JsonSerializerOptions json) => new(
        AdminJson.Field<string?>(body, "plan", json),
        AdminJson.Field<BillingMode?>(body, "billing", json),
        AdminJson.Field<decimal?>(body, "low_balance_usd", json));

    /// <summary>The first field that breaks a rule.</summary>
    public FieldError? Validate() =>
        (Plan is { IsSet: true, Value: { } plan } ? FieldRules.Name(plan, "plan") : null)
        ?? (Billing is { IsSet: true, Value: null } ? FieldRules.Required("billing") : FieldRules.Defined(Billing.Value, "billing"))
        ?? PlanRules.Usd(LowBalanceUsd.Value, "low_balance_usd");

    /// <summary>
    /// The billing after the patch, or the field that names something missing (an unknown plan). A tenant that becomes
    /// prepaid for the first time opens its wallet now.
    /// </summary>
    public async Task<(TenantBilling Billing, FieldError? Error)> ApplyAsync(TenantBilling current, PlanCatalog plans, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(plans);
        var mode = Billing.Value ?? current.Mode;
        var planName = Plan.IsSet ? Plan.Value?.Trim() : current.Plan;
        if (Plan.IsSet && planName is not null)
        {
            if (await plans.GetAsync(planName, ct) is not { } plan)
            {
                return (current, new FieldError("plan", $"No plan is named '{planName}'."));
            }

            if (!Billing.IsSet && planName != current.Plan)
            {
                mode = plan.Billing;
            }
        }

        var since = current.WalletSince ?? (mode == BillingMode.Prepaid ? now : null);
        var low = LowBalanceUsd.IsSet ? Money.ToMicros(LowBalanceUsd.Value) : current.LowBalanceMicros;
        return (new TenantBilling(planName, mode, since, low), null);
    }
}
