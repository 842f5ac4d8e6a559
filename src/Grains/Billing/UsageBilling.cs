using GatoLink.Grains.Abstractions.Usage;
using GatoLink.Grains.Telemetry;
using Microsoft.Extensions.Logging;

namespace GatoLink.Grains.Billing;

/// <summary>
/// What the billing grain does with one batch of the usage stream: write it to the ledger in one statement
/// (idempotent by event id, rollups from the inserted rows only), tell the observers about the new rows, and only
/// then acknowledge the batch to the silo whose spool holds it. A write that fails throws, and nothing is
/// acknowledged: the stream redelivers, or the spool resends, and the ledger drops whatever the failed attempt
/// may already have committed. A plain class, so that it runs without a silo in tests and benchmarks.
/// </summary>
public sealed partial class UsageBilling
{
    private readonly IUsageLedger _ledger;
    private readonly IUsageObserver[] _observers;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly LedgerInstruments? _instruments;

    /// <summary>Creates the billing step over a ledger.</summary>
    public UsageBilling(IUsageLedger ledger, IEnumerable<IUsageObserver> observers, TimeProvider time, ILogger logger, LedgerInstruments? instruments = null)
    {
        _ledger = ledger;
        _observers = observers.ToArray();
        _time = time;
        _logger = logger;
        _instruments = instruments;
    }

    /// <summary>Writes the batch and acknowledges it; returns how many of its events were new to the ledger.</summary>
    public async Task<int> BillAsync(UsageBatch batch, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(batch);
        IReadOnlyList<UsageEvent> inserted;
        using (var span = GatoLinkTracing.Source.StartActivity(SpanNames.LedgerWrite))
        {
            span?.SetTag("gatolink.ledger.batch_size", batch.Events.Count);
            span?.SetTag("gatolink.ledger.silo", batch.SiloId);
            try
            {
                inserted = await _ledger.WriteAsync(batch.Events, ct);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Whatever the database threw: the batch is not acknowledged, so it comes back (stream or spool).
                _instruments?.WriteFailed();
                span?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, ex.GetType().Name);
                LogWriteFailed(_logger, ex, batch.Events.Count, batch.SiloId, batch.FirstSequence, batch.LastSequence);
                throw;
            }
        }

        if (inserted.Count < batch.Events.Count)
        {
            LogDuplicates(_logger, batch.Events.Count - inserted.Count, batch.SiloId, batch.FirstSequence, batch.LastSequence);
        }

        Written(inserted);

        // One-way: returns at once, whether or not that silo is still there.
        if (batch.AckTo is { } ack && batch.FirstSequence > 0)
        {
            _ = ack.Billed(batch.FirstSequence, batch.LastSequence);
        }

        return inserted.Count;
    }

    /// <summary>
    /// What follows a committed write, whoever wrote it (this grain's batch, or a silo's direct write): the ledger's
    /// metrics, and the observers told about the rows that were new.
    /// </summary>
    public void Written(IReadOnlyList<UsageEvent> inserted)
    {
        ArgumentNullException.ThrowIfNull(inserted);
        if (_instruments is { } instruments)
        {
            instruments.EventsBilled(inserted.Count);
            var now = _time.GetUtcNow();
            foreach (var e in inserted)
            {
                instruments.LedgerLag(now - e.Timestamp);
            }
        }

        if (inserted.Count > 0)
        {
            foreach (var observer in _observers)
            {
                Notify(observer, inserted);
            }
        }
    }

    // Observers are other features' code on the billing path: one that throws must not stop the ledger.
    private void Notify(IUsageObserver observer, IReadOnlyList<UsageEvent> inserted)
    {
        try
        {
            observer.OnWritten(inserted);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogObserverFailed(_logger, ex, observer.GetType().Name);
        }
    }

    [LoggerMessage(EventId = 3101, Level = LogLevel.Warning, Message = "Ledger write of {Count} events from {SiloId} (spool {First}–{Last}) failed; the batch comes back")]
    private static partial void LogWriteFailed(ILogger logger, Exception exception, int count, string siloId, long first, long last);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Debug, Message = "{Count} events from {SiloId} (spool {First}–{Last}) were already in the ledger")]
    private static partial void LogDuplicates(ILogger logger, int count, string siloId, long first, long last);

    [LoggerMessage(EventId = 3104, Level = LogLevel.Error, Message = "Usage observer {Observer} failed")]
    private static partial void LogObserverFailed(ILogger logger, Exception exception, string observer);
}
