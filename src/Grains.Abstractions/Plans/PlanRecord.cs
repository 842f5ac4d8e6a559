using GatoLink.Grains.Abstractions.Keys;
using GatoLink.Grains.Abstractions.Model;

namespace GatoLink.Grains.Abstractions.Plans;

/// <summary>A plan as stored: what a tenant on it pays each month and what it may use.</summary>
/// <param name="Name">Unique name (<c>free</c>, <c>pro</c>, <c>enterprise</c>, or the operator's own).</param>
/// <param name="Version">Starts at 1, one more at every change.</param>
/// <param name="MonthlyFeeMicros">The fee per full month, micro-USD (prorated by the second on an invoice).</param>
/// <param name="IncludedMicros">Usage included in the fee each month, micro-USD.</param>
/// <param name="Limits">Rate limits and budgets of every tenant on the plan; a tenant's or key's own limits narrow them.</param>
/// <param name="Overage">What happens past the included allowance.</param>
/// <param name="Billing">The billing mode a tenant gets when it is put on this plan without naming one.</param>
/// <param name="UpdatedAt">When this version was written.</param>
/// <param name="ModelPrices">The plan's own prices of some models, replacing theirs for its tenants; null or empty: none.</param>
/// <param name="IncludedTokens">
/// Tokens (prompt + completion) included in the fee each month, beside <paramref name="IncludedMicros"/>: the invoice's
/// allowance covers the usage up to whichever of the two covers more. Null: none.
/// </param>
[GenerateSerializer]
[Alias("gatolink.plan-record")]
public sealed record PlanRecord(
    [property: Id(0)] string Name,
    [property: Id(1)] int Version,
    [property: Id(2)] long MonthlyFeeMicros,
    [property: Id(3)] long IncludedMicros,
    [property: Id(4)] Limits Limits,
    [property: Id(5)] OveragePolicy Overage,
    [property: Id(6)] BillingMode Billing,
    [property: Id(7)] DateTimeOffset UpdatedAt,
    [property: Id(8)] PlanModelPrice[]? ModelPrices = null,
    [property: Id(9)] long? IncludedTokens = null)
{
    /// <summary>
    /// The plan's price of <paramref name="model"/> as a model price in force since this version was written, or null
    /// when the plan does not price it (the model's own price applies).
    /// </summary>
    public ModelPrice? PriceOf(string model)
    {
        foreach (var price in ModelPrices ?? [])
        {
            if (string.Equals(price.Model, model, StringComparison.Ordinal))
            {
                return new ModelPrice(model, price.InputMicrosPerMillion, price.OutputMicrosPerMillion, UpdatedAt);
            }
        }

        return null;
    }

    /// <summary>
    /// The limits of a tenant on this plan: the tighter of the plan's and the tenant's own for each limit, and, with
    /// <see cref="OveragePolicy.Stop"/>, a monthly cost budget no larger than the included allowance and a monthly token
    /// budget no larger than the included tokens.
    /// </summary>
    public Limits Narrow(Limits own)
    {
        ArgumentNullException.ThrowIfNull(own);
        var monthly = Min(Limits.MonthlyCostMicros, own.MonthlyCostMicros);
        var tokens = Min(Limits.MonthlyTokens, own.MonthlyTokens);
        if (Overage == OveragePolicy.Stop)
        {
            // A plan that includes only tokens stops at its tokens, not at a zero-dollar budget.
            monthly = IncludedTokens is not null && IncludedMicros == 0 ? monthly : Min(monthly, IncludedMicros);
            tokens = Min(tokens, IncludedTokens);
        }

        return new Limits(
            Min(Limits.RequestsPerMinute, own.RequestsPerMinute),
            Min(Limits.TokensPerMinute, own.TokensPerMinute),
            Min(Limits.DailyCostMicros, own.DailyCostMicros),
            monthly,
            tokens);
    }

    private static int? Min(int? a, int? b) => a is null ? b : b is null ? a : Math.Min(a.Value, b.Value);

    private static long? Min(long? a, long? b) => a is null ? b : b is null ? a : Math.Min(a.Value, b.Value);
}
