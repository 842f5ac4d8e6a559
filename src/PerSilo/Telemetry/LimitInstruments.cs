using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using GatoLink.Grains.Abstractions.Keys;
using GatoLink.Grains.Abstractions.Models;
using GatoLink.Grains.Telemetry;

namespace GatoLink.PerSilo.Telemetry;

/// <summary>Admission and limit instruments: refusals, the admission wait queue, budgets.</summary>
public sealed class LimitInstruments
{
    private readonly TenantLabelLimiter _tenants;
    private readonly IBudgetMetricsSource[] _budgetSources;
    private readonly Counter<long> _refusals;
    private readonly Histogram<double> _tenantWaits;
    private readonly Counter<long> _servedWork;
    private readonly ConcurrentDictionary<(string Model, string Tenant, PriorityClass Class), StrongBox<long>> _tenantQueued = new();

    // Queue length per model, observed at scrape time. An up-down counter would do, but the Prometheus adapter
    // forgets series that saw no measurement for a while, and a queue stuck at a length makes none.
    private readonly ConcurrentDictionary<string, StrongBox<long>> _queued = new(StringComparer.Ordinal);

    /// <summary>Creates the instruments; budget utilization is observed from <paramref name="budgetSources"/>.</summary>
    public LimitInstruments(
        IMeterFactory meterFactory, TenantLabelLimiter tenants, IEnumerable<IBudgetMetricsSource> budgetSources)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        _tenants = tenants;
        _budgetSources = budgetSources.ToArray();
        var meter = meterFactory.Create(MetricNames.MeterName);
        _refusals = meter.CreateCounter<long>(
            MetricNames.LimitRefusals, MetricNames.UnitRequests, "Requests refused by a rate limit or budget, by reason and tenant.");
        meter.CreateObservableGauge(
            MetricNames.AdmissionQueueLength,
            ObserveQueues,
            MetricNames.UnitRequests,
            "Requests of this silo waiting for a node of the model to leave saturation, by model.");
        meter.CreateObservableGauge(
            MetricNames.QueueTenantLength,
            ObserveTenantQueues,
            MetricNames.UnitRequests,
            "Requests of this silo waiting in a model's queue, by model, tenant and class.");
        _tenantWaits = meter.CreateHistogram(
            MetricNames.QueueTenantWait,
            MetricNames.UnitSeconds,
            "How long requests waited in a model's queue for a node, by model, tenant and class.",
            tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = HistogramBuckets.RequestSeconds });
        _servedWork = meter.CreateCounter<long>(
            MetricNames.QueueTenantServedWork,
            MetricNames.UnitTokens,
            "GPU work (prompt + completion tokens) served to requests that waited in a model's queue, by model and tenant.");
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

    /// <summary>A request joined the admission queue of <paramref name="model"/>; pair with <see cref="AdmissionDequeued"/>.</summary>
    public void AdmissionEnqueued(string model) =>
        Interlocked.Increment(ref _queued.GetOrAdd(model, static _ => new StrongBox<long>()).Value);

    /// <summary>A request left the admission queue (placed, refused, timed out or cancelled).</summary>
    public void AdmissionDequeued(string model) =>
        Interlocked.Decrement(ref _queued.GetOrAdd(model, static _ => new StrongBox<long>()).Value);

    /// <summary>A request of <paramref name="claim"/> joined the queue of <paramref name="model"/>; pair with <see cref="QueueLeft"/>.</summary>
    public void QueueJoined(string model, QueueClaim claim)
    {
        ArgumentNullException.ThrowIfNull(claim);
        AdmissionEnqueued(model);
        Interlocked.Increment(ref TenantQueued(model, claim).Value);
    }

    /// <summary>A request of <paramref name="claim"/> left the queue after <paramref name="waited"/>.</summary>
    public void QueueLeft(string model, QueueClaim claim, TimeSpan waited)
    {
        ArgumentNullException.ThrowIfNull(claim);
        AdmissionDequeued(model);
        Interlocked.Decrement(ref TenantQueued(model, claim).Value);
        _tenantWaits.Record(waited.TotalSeconds, TenantTags(model, claim));
    }

    /// <summary>A request that waited was served <paramref name="work"/> tokens of GPU work.</summary>
    public void QueueServed(string model, QueueClaim claim, long work)
    {
        ArgumentNullException.ThrowIfNull(claim);
        _servedWork.Add(work, new KeyValuePair<string, object?>(MetricTags.Model, model), new KeyValuePair<string, object?>(MetricTags.Tenant, _tenants.Label(claim.TenantId.ToString())));
    }

    private StrongBox<long> TenantQueued(string model, QueueClaim claim) =>
        _tenantQueued.GetOrAdd((model, _tenants.Label(claim.TenantId.ToString()), claim.Class), static _ => new StrongBox<long>());

    private TagList TenantTags(string model, QueueClaim claim) => new()
    {
        { MetricTags.Model, model },
        { MetricTags.Tenant, _tenants.Label(claim.TenantId.ToString()) },
        { MetricTags.PriorityClass, ClassLabel(claim.Class) },
    };

    private static string ClassLabel(PriorityClass priority) => priority == PriorityClass.Batch ? "batch" : "interactive";

    private IEnumerable<Measurement<long>> ObserveTenantQueues()
    {
        foreach (var ((model, tenant, priority), length) in _tenantQueued)
        {
            yield return new Measurement<long>(
                Interlocked.Read(ref length.Value),
                new KeyValuePair<string, object?>(MetricTags.Model, model),
                new KeyValuePair<string, object?>(MetricTags.Tenant, tenant),
                new KeyValuePair<string, object?>(MetricTags.PriorityClass, ClassLabel(priority)));
        }
    }

    private IEnumerable<Measurement<long>> ObserveQueues()
    {
        foreach (var (model, length) in _queued)
        {
            yield return new Measurement<long>(
                Interlocked.Read(ref length.Value), new KeyValuePair<string, object?>(MetricTags.Model, model));
        }
    }

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
