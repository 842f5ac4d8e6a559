using System.Collections.Concurrent;
using GatoLink.Grains.Abstractions.Usage;
using GatoLink.Grains.Billing;

namespace GatoLink.Integration.Tests.Infrastructure;

/// <summary>
/// Keeps the usage events a test silo published, in memory, so that tests can read back what the data
/// plane billed without a ledger query. Attached to the ledger as an observer by <see cref="SiloHarness"/>.
/// </summary>
public sealed class RecentUsageSink : IUsageObserver
{
    private const int Capacity = 10_000;
    private readonly ConcurrentQueue<UsageEvent> _events = new();

    /// <inheritdoc />
    public void OnPublished(UsageEvent usage)
    {
        _events.Enqueue(usage);
        while (_events.Count > Capacity && _events.TryDequeue(out _))
        {
        }
    }

    /// <inheritdoc />
    public void OnWritten(IReadOnlyList<UsageEvent> inserted)
    {
        // Tests read what was published; the ledger's own tests check what was written.
    }

    /// <summary>The events kept, oldest first.</summary>
    public IReadOnlyList<UsageEvent> Snapshot() => _events.ToArray();
}
