using GatoLink.Grains.Abstractions.Alerts;
using GatoLink.Grains.Abstractions.Quotas;
using GatoLink.Grains.Quotas;

namespace GatoLink.Grains.Alerts;

/// <summary>
/// Which budget thresholds a key's or tenant's readings have crossed and not yet raised in their window. Decided by the
/// one grain that holds the budget, so it is the cluster's decision; the event id is derived from scope, budget, window
/// and threshold, so a crossing raised again (another activation, a retry) is stored once by the outbox.
/// </summary>
public sealed class ThresholdCrossings(LimitScope scope, Guid scopeId, Guid tenantId)
{
    // Made on the first crossing: most keys never cross one, and an active key's grain should stay small.
    private HashSet<(LimitKind Kind, DateTimeOffset Window, int Threshold)>? _raised;

    /// <summary>The events of thresholds crossed now, marked raised (give back with <see cref="Forget"/> if storing fails).</summary>
    public List<(OutboxEvent Event, (LimitKind, DateTimeOffset, int) Mark)> Check(IReadOnlyList<int> thresholds, LimitReading[] readings, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(thresholds);
        ArgumentNullException.ThrowIfNull(readings);
        var crossed = new List<(OutboxEvent, (LimitKind, DateTimeOffset, int))>();
        foreach (var r in readings)
        {
            if (r.Kind is not (LimitKind.DailyCost or LimitKind.MonthlyCost or LimitKind.MonthlyTokens) || r.Limit <= 0)
            {
                continue;
            }

            foreach (var threshold in thresholds)
            {
                // Integer arithmetic: used / limit ≥ threshold % exactly, no rounding at the edge.
                var mark = (r.Kind, r.ResetsAt, threshold);
                if (r.Used * 100 >= (long)threshold * r.Limit && (_raised ??= []).Add(mark))
                {
                    crossed.Add((Event(r, threshold, now), mark));
                }
            }
        }

        return crossed;
    }

    /// <summary>Lets a crossing be raised again (its event could not be stored).</summary>
    public void Forget((LimitKind, DateTimeOffset, int) mark) => _raised?.Remove(mark);

    private OutboxEvent Event(LimitReading r, int threshold, DateTimeOffset now)
    {
        var scopeText = scope == LimitScope.Key ? "key" : "tenant";
        var budget = LimitNames.Of(r.Kind);
        var data = new AlertData.BudgetThreshold(scopeText, scopeId, tenantId, budget, threshold, r.Used, r.Limit, r.ResetsAt);
        return new OutboxEvent(
            AlertData.IdOf($"budget|{scopeText}|{scopeId:N}|{budget}|{r.ResetsAt.UtcTicks}|{threshold}"),
            tenantId,
            OutboxEventKind.BudgetThreshold,
            $"The {budget} budget of {scopeText} {scopeId} is at {r.Used * 100 / r.Limit}% ({r.Used} of {r.Limit}), past its {threshold}% alert; it resets at {r.ResetsAt:u}.",
            AlertData.Json(data),
            now);
    }
}
