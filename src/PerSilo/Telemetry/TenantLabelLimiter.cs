using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace GatoLink.PerSilo.Telemetry;

/// <summary>
/// Caps the distinct values of the <c>tenant</c> label: the first
/// <see cref="TelemetryOptions.MaxTenantLabels"/> tenants seen keep their id, the rest share
/// <see cref="OtherTenant"/>. First come, first served, for the life of the process — so a
/// tenant's series never flips between its id and <c>other</c>.
/// </summary>
public sealed class TenantLabelLimiter
{
    /// <summary>Label value for tenants over the cap (and for empty ids).</summary>
    public const string OtherTenant = "other";

    private readonly ConcurrentDictionary<string, bool> _admitted = new(StringComparer.Ordinal);
    private readonly Lock _admitLock = new();
    private readonly int _max;

    /// <summary>Creates a limiter with the configured cap.</summary>
    public TenantLabelLimiter(IOptions<TelemetryOptions> options)
    {
        _max = Math.Max(1, options.Value.MaxTenantLabels);
    }

    /// <summary>The label value to use for <paramref name="tenantId"/>.</summary>
    public string Label(string? tenantId)
    {
        if (string.IsNullOrEmpty(tenantId))
        {
            return OtherTenant;
        }

        // Hot path: a tenant already admitted is one lock-free lookup.
        if (_admitted.ContainsKey(tenantId))
        {
            return tenantId;
        }

        return Admit(tenantId);
    }

    private string Admit(string tenantId)
    {
        // Rare path (once per tenant up to the cap, then once per request of an overflow
        // tenant): the lock keeps the count exact under races.
        lock (_admitLock)
        {
            if (_admitted.ContainsKey(tenantId))
            {
                return tenantId;
            }

            if (_admitted.Count >= _max)
            {
                return OtherTenant;
            }

            _admitted[tenantId] = true;
            return tenantId;
        }
    }
}
