using Orleans.Concurrency;

namespace GatoLink.Grains.Abstractions.Quotas;

/// <summary>What an admitted request really used over all its attempts; replaces the reservation's estimate.</summary>
/// <param name="ReservationId">The reservation being settled.</param>
/// <param name="PromptTokens">Prompt tokens billed.</param>
/// <param name="CompletionTokens">Completion tokens billed.</param>
/// <param name="CostMicros">Cost billed, micro-dollars.</param>
/// <param name="TenantReservationId">The tenant grain's reservation for the same request (empty when the tenant has no limits).</param>
/// <param name="Parts">
/// The same usage per attempt with its ledger timestamp (the totals above are their sums); null when the usage is
/// counted as recorded now. A grain activated after some of them were recorded finds those in its ledger seed and
/// counts only the rest.
/// </param>
[GenerateSerializer]
[Immutable]
[Alias("gatolink.settlement")]
public sealed record Settlement(
    Guid ReservationId,
    long PromptTokens,
    long CompletionTokens,
    long CostMicros,
    Guid TenantReservationId = default,
    UsagePart[]? Parts = null)
{
    /// <summary>A settlement of <paramref name="parts"/>, their sums as its totals.</summary>
    public static Settlement Of(Guid reservationId, Guid tenantReservationId, UsagePart[] parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        long prompt = 0, completion = 0, cost = 0;
        foreach (var part in parts)
        {
            prompt += part.PromptTokens;
            completion += part.CompletionTokens;
            cost += part.CostMicros;
        }

        return new Settlement(reservationId, prompt, completion, cost, tenantReservationId, parts);
    }

    /// <summary>The usage recorded at or after <paramref name="from"/>: all of it when the settlement has no parts.</summary>
    public (long PromptTokens, long CompletionTokens, long CostMicros) CountedFrom(DateTimeOffset from)
    {
        if (Parts is null)
        {
            return (PromptTokens, CompletionTokens, CostMicros);
        }

        long prompt = 0, completion = 0, cost = 0;
        foreach (var part in Parts)
        {
            if (part.At >= from)
            {
                prompt += part.PromptTokens;
                completion += part.CompletionTokens;
                cost += part.CostMicros;
            }
        }

        return (prompt, completion, cost);
    }
}
