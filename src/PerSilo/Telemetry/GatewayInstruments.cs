using System.Diagnostics;
using System.Diagnostics.Metrics;
using GatoLink.Grains.Telemetry;

namespace GatoLink.PerSilo.Telemetry;

/// <summary>
/// Request-path instruments: traffic, latency, tokens, cost. Singleton; every method is safe
/// to call from many threads and cheap enough for the hot path.
/// </summary>
public sealed class GatewayInstruments
{
    private readonly TenantLabelLimiter _tenants;
    private readonly Counter<long> _requests;
    private readonly Histogram<double> _duration;
    private readonly Histogram<double> _timeToFirstToken;
    private readonly Histogram<double> _interTokenLatency;
    private readonly Histogram<double> _overhead;
    private readonly Counter<long> _promptTokens;
    private readonly Counter<long> _completionTokens;
    private readonly Counter<long> _costMicros;

    /// <summary>Creates the instruments on the <c>GatoLink</c> meter of <paramref name="meterFactory"/>.</summary>
    public GatewayInstruments(IMeterFactory meterFactory, TenantLabelLimiter tenants)
    {
        _tenants = tenants;
        var meter = meterFactory.Create(MetricNames.MeterName);
        _requests = meter.CreateCounter<long>(
            MetricNames.GatewayRequests, MetricNames.UnitRequests, "Client requests finished, by model, status code and tenant.");
        _duration = CreateSecondsHistogram(
            meter, MetricNames.GatewayRequestDuration, "Client request duration.", HistogramBuckets.RequestSeconds);
        _timeToFirstToken = CreateSecondsHistogram(
            meter, MetricNames.GatewayTimeToFirstToken, "Time from request start to the first token.", HistogramBuckets.RequestSeconds);
        _interTokenLatency = CreateSecondsHistogram(
            meter, MetricNames.GatewayInterTokenLatency, "Gap between two streamed tokens.", HistogramBuckets.InterTokenSeconds);
        _overhead = CreateSecondsHistogram(
            meter, MetricNames.GatewayOverhead, "Time spent in GatoLink excluding the node.", HistogramBuckets.OverheadSeconds);
        _promptTokens = meter.CreateCounter<long>(
            MetricNames.GatewayPromptTokens, MetricNames.UnitTokens, "Prompt tokens, by model and tenant.");
        _completionTokens = meter.CreateCounter<long>(
            MetricNames.GatewayCompletionTokens, MetricNames.UnitTokens, "Completion tokens, by model and tenant.");
        _costMicros = meter.CreateCounter<long>(
            MetricNames.TenantCost, MetricNames.UnitMicroUsd, "Cost billed, in micro-dollars (1 USD = 1000000), by tenant.");
    }

    /// <summary>A client request finished (any outcome): counts it and records its duration.</summary>
    public void RequestCompleted(string model, string? tenantId, int statusCode, TimeSpan duration)
    {
        var tags = new TagList
        {
            { MetricTags.Model, model },
            { MetricTags.StatusCode, TelemetryLabels.ForStatusCode(statusCode) },
            { MetricTags.Tenant, _tenants.Label(tenantId) },
        };
        _requests.Add(1, tags);
        _duration.Record(duration.TotalSeconds, new KeyValuePair<string, object?>(MetricTags.Model, model));
    }

    /// <summary>The first token of a request reached the client.</summary>
    public void TimeToFirstToken(string model, TimeSpan sinceRequestStart) =>
        _timeToFirstToken.Record(sinceRequestStart.TotalSeconds, new KeyValuePair<string, object?>(MetricTags.Model, model));

    /// <summary>A streamed token followed the previous one after <paramref name="gap"/>.</summary>
    public void InterTokenLatency(string model, TimeSpan gap) =>
        _interTokenLatency.Record(gap.TotalSeconds, new KeyValuePair<string, object?>(MetricTags.Model, model));

    /// <summary>Time a request spent in GatoLink itself (total minus time waiting on the node).</summary>
    public void GatewayOverhead(string model, TimeSpan overhead) =>
        _overhead.Record(overhead.TotalSeconds, new KeyValuePair<string, object?>(MetricTags.Model, model));

    /// <summary>Tokens a request used (billed ones, including those of failed attempts).</summary>
    public void TokensUsed(string model, string? tenantId, long promptTokens, long completionTokens)
    {
        var tags = new TagList
        {
            { MetricTags.Model, model },
            { MetricTags.Tenant, _tenants.Label(tenantId) },
        };
        if (promptTokens > 0)
        {
            _promptTokens.Add(promptTokens, tags);
        }

        if (completionTokens > 0)
        {
            _completionTokens.Add(completionTokens, tags);
        }
    }

    /// <summary>Cost billed to a tenant, in micro-dollars.</summary>
    public void CostIncurred(string? tenantId, long costMicros)
    {
        if (costMicros > 0)
        {
            _costMicros.Add(costMicros, new KeyValuePair<string, object?>(MetricTags.Tenant, _tenants.Label(tenantId)));
        }
    }

    private static Histogram<double> CreateSecondsHistogram(
        Meter meter, string name, string description, IReadOnlyList<double> buckets) =>
        meter.CreateHistogram(
            name,
            MetricNames.UnitSeconds,
            description,
            tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = buckets });
}
