using System.Globalization;
using GatoLink.Grains.Abstractions.Invoices;

namespace GatoLink.Grains.Invoices;

/// <summary>
/// An invoice from its inputs, in integer micro-USD: prorated plan fees and allowances (by the tick, rounded half up),
/// one usage line per model at the ledger's cost, late usage lines, the allowance used, credits a wallet already paid,
/// and a total that is the sum of the lines. Pure: no clock, no storage.
/// </summary>
public static class InvoiceCalculator
{
    /// <summary>Computes the invoice (<paramref name="status"/> and <paramref name="finalizedAt"/> as given).</summary>
    public static Invoice Build(InvoiceInputs inputs, InvoiceStatus status, DateTimeOffset? finalizedAt)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var month = inputs.Month;
        var monthTicks = (month.End - month.Start).Ticks;
        var lines = new List<InvoiceLine>();
        long fee = 0, included = 0, includedTokens = 0;
        foreach (var (from, to, plan) in inputs.Segments)
        {
            if (plan is null || to <= from)
            {
                continue;
            }

            var share = Prorate(plan.MonthlyFeeMicros, (to - from).Ticks, monthTicks);
            fee += share;
            included += Prorate(plan.IncludedMicros, (to - from).Ticks, monthTicks);
            includedTokens += Prorate(plan.IncludedTokens ?? 0, (to - from).Ticks, monthTicks);
            lines.Add(Line(InvoiceLineKind.PlanFee, string.Create(CultureInfo.InvariantCulture,
                $"Plan {plan.Name} v{plan.Version}, {from.UtcDateTime:yyyy-MM-dd HH:mm} to {to.UtcDateTime:yyyy-MM-dd HH:mm} UTC"), share));
        }

        long usage = 0;
        foreach (var (kind, rows) in new[] { (InvoiceLineKind.Usage, inputs.Usage), (InvoiceLineKind.LateUsage, inputs.Late) })
        {
            foreach (var row in rows.OrderBy(r => r.Period, StringComparer.Ordinal).ThenBy(r => r.Model, StringComparer.Ordinal))
            {
                var price = inputs.PriceOf(row.Model, month.End.AddTicks(-1));
                usage += row.CostMicros;
                lines.Add(new InvoiceLine(kind, kind == InvoiceLineKind.Usage ? row.Model : $"{row.Model}, late usage of {row.Period}", row.Model, row.Period,
                    row.Requests, row.InputTokens, row.OutputTokens, price?.InputMicrosPerMillion, price?.OutputMicrosPerMillion, row.CostMicros));
            }
        }

        // The token allowance covers the month's own usage (not late usage of earlier months) in proportion: the cost of
        // the month's usage × included tokens ÷ tokens used, at most all of it. The allowance used is whichever of the
        // USD and the token allowance covers more.
        var monthTokens = inputs.Usage.Sum(u => u.InputTokens + u.OutputTokens);
        var tokensUsed = Math.Min(includedTokens, monthTokens);
        var tokenCovered = tokensUsed > 0 ? Prorate(inputs.Usage.Sum(u => u.CostMicros), tokensUsed, monthTokens) : 0;
        var includedUsed = Math.Clamp(usage, 0, Math.Max(included, tokenCovered));
        if (includedUsed > 0)
        {
            lines.Add(Line(InvoiceLineKind.IncludedAllowance, includedTokens > 0
                ? string.Create(CultureInfo.InvariantCulture, $"Included in the plan ({tokensUsed:N0} of {includedTokens:N0} tokens)")
                : "Included in the plan", -includedUsed));
        }

        var credits = inputs.Prepaid ? usage - includedUsed : 0;
        if (credits != 0)
        {
            lines.Add(Line(InvoiceLineKind.CreditsApplied, "Paid from prepaid credit", -credits));
        }

        var total = lines.Sum(l => l.AmountMicros);
        var lastPlan = inputs.Segments.Count == 0 ? null : inputs.Segments[^1].Plan?.Name;
        return new Invoice(month.NumberFor(inputs.TenantId), inputs.TenantId, month.ToString(), month.Start, month.End, status, finalizedAt, lastPlan,
            fee, usage, included, includedUsed, credits, 0, total, lines, includedTokens, tokensUsed);
    }

    /// <summary><paramref name="amount"/> × <paramref name="part"/> ÷ <paramref name="whole"/>, rounded half up, exact in 128 bits.</summary>
    public static long Prorate(long amount, long part, long whole)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(whole);
        return (long)((2 * (Int128)amount * part + whole) / (2 * (Int128)whole));
    }

    private static InvoiceLine Line(InvoiceLineKind kind, string description, long amount) =>
        new(kind, description, null, null, 0, 0, 0, null, null, amount);
}
