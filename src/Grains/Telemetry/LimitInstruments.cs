using System.Diagnostics.Metrics;

namespace GatoLink.Grains.Telemetry;

/// <summary>Admission and limit instruments: refusals, lease refills, admission queue, budgets.</summary>
public sealed class LimitInstruments
{
    private readonly TenantLabelLimiter _tenants;
    private readonly IBudgetMetricsSource[] _budgetSources;
    private readonly Counter<long> _refusals;
    private readonly UpDownCounter<long> _admissionQueue;

    /// <summary>Creates the instruments; budget utilization is observed from <paramref name="budgetSources"/>.</summary>
    public LimitInstruments(
        IMeterFactory meterFactory, TenantLabelLimiter tenants, IEnumerable<IBudgetMetricsSource> budgetSources)
    {
        _tenants = tenants;
        _budgetSources = budgetSources.ToArray();
        var meter = meterFactory.Create(MetricNames.MeterName);
        _refusals = meter.CreateCounter<long>(
            MetricNames.LimitRefusals, MetricNames.UnitRequests, "Requests refused by a rate limit or budget, by reason and tenant.");
        _admissionQueue = meter.CreateUpDownCounter<long>(
            MetricNames.AdmissionQueueLength, MetricNames.UnitRequests, "Requests waiting for admission, by model.");
        meter.CreateObservableGauge(
            MetricNames.TenantBudgetUtilization,
            ObserveBudgets,
            MetricNames.UnitRatio,
            "Budget spent this period divided by the budget, by tenant.");
    }

    /// <summary>A request was refused before reaching a node.</summary>
    public void Refused(RefusalReason reason, string? tenantId) =>
        _refusals.Add(
            1,
            new KeyValuePair<string, object?>(MetricTags.Reason, TelemetryLabels.For(reason)),
            new KeyValuePair<string, object?>(MetricTags.Tenant, _tenants.Label(tenantId)));

    /// <summary>A request joined the admission queue; pair with <see cref="AdmissionDequeued"/>.</summary>
    public void AdmissionEnqueued(string model) =>
        _admissionQueue.Add(1, new KeyValuePair<string, object?>(MetricTags.Model, model));

    /// <summary>A request left the admission queue (admitted, refused, timed out or cancelled).</summary>
    public void AdmissionDequeued(string model) =>
        _admissionQueue.Add(-1, new KeyValuePair<string, object?>(MetricTags.Model, model));

    private List<Measurement<double>> ObserveBudgets()
    {
        // Several tenants may share "other": report the worst of them, which is what alerts need.
        var byLabel = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var source in _budgetSources)
        {
            foreach (var budget in source.GetBudgetSnapshots())
            {
                if (budget.BudgetMicros <= 0)
                {
                    continue;
                }

                var label = _tenants.Label(budget.TenantId);
                var ratio = (double)budget.SpentMicros / budget.BudgetMicros;
                byLabel[label] = byLabel.TryGetValue(label, out var seen) ? Math.Max(seen, ratio) : ratio;
            }
        }

        return byLabel
            .Select(pair => new Measurement<double>(pair.Value, new KeyValuePair<string, object?>(MetricTags.Tenant, pair.Key)))
            .ToList();
    }
}
