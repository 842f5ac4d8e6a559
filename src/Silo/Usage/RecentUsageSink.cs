using System.Collections.Concurrent;
using GatoLink.Grains.Abstractions.Usage;
using GatoLink.Grains.Billing;

namespace GatoLink.Silo.Usage;

/// <summary>
/// Keeps the most recent usage events in memory. It stands where the ledger writer will stand
/// (the ledger issue); until then it is what the data-plane tests read back.
/// </summary>
public sealed class RecentUsageSink : IUsageSink
{
    private const int Capacity = 10_000;
    private readonly ConcurrentQueue<UsageEvent> _events = new();

    /// <inheritdoc />
    public void Publish(UsageEvent usage)
    {
        _events.Enqueue(usage);
        while (_events.Count > Capacity && _events.TryDequeue(out _))
        {
        }
    }

    /// <summary>The events kept, oldest first.</summary>
    public IReadOnlyList<UsageEvent> Snapshot() => _events.ToArray();
}
