using System.Diagnostics;
using System.Diagnostics.Metrics;
using GatoLink.Grains.Telemetry;

namespace GatoLink.PerSilo.Telemetry;

/// <summary>Response-cache instruments: lookups by result, tokens saved by hits, failures of the shared (Redis) level.</summary>
public sealed class CacheInstruments
{
    private readonly TenantLabelLimiter _tenants;
    private readonly Counter<long> _lookups;
    private readonly Counter<long> _savedTokens;
    private readonly Counter<long> _sharedFailures;

    /// <summary>Creates the instruments on the <c>GatoLink</c> meter of <paramref name="meterFactory"/>.</summary>
    public CacheInstruments(IMeterFactory meterFactory, TenantLabelLimiter tenants)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        _tenants = tenants;
        var meter = meterFactory.Create(MetricNames.MeterName);
        _lookups = meter.CreateCounter<long>(MetricNames.CacheLookups, MetricNames.UnitLookups, "Response-cache lookups, by result (hit, miss, bypass), model and tenant.");
        _savedTokens = meter.CreateCounter<long>(MetricNames.CacheSavedTokens, MetricNames.UnitTokens, "Tokens answered from the response cache instead of a node, by model and tenant.");
        _sharedFailures = meter.CreateCounter<long>(MetricNames.CacheSharedFailures, MetricNames.UnitFailures, "Calls to the shared response cache (Redis) that failed; the cache failed open.");
    }

    /// <summary>One lookup ended with <paramref name="result"/> (<c>hit</c>, <c>miss</c>, <c>bypass</c>).</summary>
    public void Looked(string result, string model, Guid tenantId) => _lookups.Add(1, new TagList
    {
        { MetricTags.Result, result },
        { MetricTags.Model, model },
        { MetricTags.Tenant, _tenants.Label(tenantId.ToString()) },
    });

    /// <summary>A hit saved <paramref name="tokens"/> node tokens.</summary>
    public void Saved(long tokens, string model, Guid tenantId) => _savedTokens.Add(tokens, new TagList
    {
        { MetricTags.Model, model },
        { MetricTags.Tenant, _tenants.Label(tenantId.ToString()) },
    });

    /// <summary>A call to the shared cache failed (<paramref name="operation"/>: get, set, remove).</summary>
    public void SharedFailed(string operation) => _sharedFailures.Add(1, new KeyValuePair<string, object?>(MetricTags.Reason, operation));
}
