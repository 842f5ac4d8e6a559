using System.Collections.Concurrent;
using GatoLink.Grains.Abstractions.Usage;
using GatoLink.Grains.Billing;

namespace GatoLink.Bench.Ledger;

/// <summary>From the billing grain's side: how long after its request ended each paced event reached the ledger.</summary>
internal sealed class LagRecorder : IUsageObserver
{
    private readonly ConcurrentQueue<double> _lags = new();
    private volatile bool _on;

    public void Start() => _on = true;

    public List<double> Stop()
    {
        _on = false;
        return [.. _lags];
    }

    public void OnPublished(UsageEvent usage)
    {
    }

    public void OnWritten(IReadOnlyList<UsageEvent> inserted)
    {
        if (!_on)
        {
            return;
        }

        var now = DateTimeOffset.UtcNow;
        foreach (var e in inserted)
        {
            if (e.RequestId.StartsWith("lag-", StringComparison.Ordinal))
            {
                _lags.Enqueue((now - e.Timestamp).TotalMilliseconds);
            }
        }
    }
}
