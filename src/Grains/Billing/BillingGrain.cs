using GatoLink.Grains.Abstractions.Usage;
using GatoLink.Grains.Telemetry;
using Microsoft.Extensions.Logging;
using Orleans.Streams;
using Orleans.Streams.Core;

namespace GatoLink.Grains.Billing;

/// <summary>
/// The usage stream's consumer, one activation per stream shard. Each stream item is a batch of one silo's spool; it
/// goes to the ledger in one statement (idempotent by event id, rollups from the inserted rows only), and only then is
/// the silo told, so its spool forgets the batch. A write that fails throws: the stream redelivers the item, and the
/// ledger drops what the failed attempt may already have committed.
/// </summary>
[ImplicitStreamSubscription(UsageStreams.Namespace)]
public sealed partial class BillingGrain : Grain, IBillingGrain, IStreamSubscriptionObserver, IAsyncObserver<UsageBatch>
{
    private readonly IUsageLedger _ledger;
    private readonly IUsageObserver[] _observers;
    private readonly ILogger<BillingGrain> _logger;
    private readonly LedgerInstruments? _instruments;
    private readonly TimeProvider _time;

    /// <summary>Creates the grain; the ledger comes from the silo's storage choice.</summary>
    public BillingGrain(IUsageLedger ledger, IEnumerable<IUsageObserver> observers, TimeProvider time, ILogger<BillingGrain> logger, LedgerInstruments? instruments = null)
    {
        _ledger = ledger;
        _time = time;
        _observers = observers.ToArray();
        _logger = logger;
        _instruments = instruments;
    }

    /// <inheritdoc />
    public async Task<int> Bill(UsageBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        IReadOnlyList<UsageEvent> inserted;
        using (var span = GatoLinkTracing.Source.StartActivity(SpanNames.LedgerWrite))
        {
            span?.SetTag("gatolink.ledger.batch_size", batch.Events.Count);
            span?.SetTag("gatolink.ledger.silo", batch.SiloId);
            try
            {
                inserted = await _ledger.WriteAsync(batch.Events, CancellationToken.None);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Any failure: the stream redelivers the item (and the spool resends it if the stream gives up).
                _instruments?.WriteFailed();
                span?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, ex.GetType().Name);
                LogWriteFailed(_logger, ex, batch.Events.Count, batch.SiloId, batch.FirstSequence, batch.LastSequence);
                throw;
            }
        }

        if (_instruments is { } instruments)
        {
            instruments.EventsBilled(inserted.Count);
            var now = _time.GetUtcNow();
            foreach (var e in inserted)
            {
                instruments.LedgerLag(now - e.Timestamp);
            }
        }

        if (inserted.Count < batch.Events.Count)
        {
            LogDuplicates(_logger, batch.Events.Count - inserted.Count, batch.SiloId, batch.FirstSequence, batch.LastSequence);
        }

        if (inserted.Count > 0)
        {
            foreach (var observer in _observers)
            {
                Notify(observer, inserted);
            }
        }

        // One-way: returns at once, whether or not that silo is still there.
        if (batch.AckTo is { } ack)
        {
            _ = ack.Billed(batch.FirstSequence, batch.LastSequence);
        }

        return inserted.Count;
    }

    /// <inheritdoc />
    public Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory)
    {
        ArgumentNullException.ThrowIfNull(handleFactory);
        return handleFactory.Create<UsageBatch>().ResumeAsync(this);
    }

    /// <inheritdoc />
    public Task OnNextAsync(UsageBatch item, StreamSequenceToken? token = null) => Bill(item);

    /// <inheritdoc />
    public Task OnCompletedAsync() => Task.CompletedTask;

    /// <inheritdoc />
    public Task OnErrorAsync(Exception ex)
    {
        LogStreamError(_logger, ex, this.GetPrimaryKeyString());
        return Task.CompletedTask;
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

    [LoggerMessage(EventId = 3101, Level = LogLevel.Warning, Message = "Ledger write of {Count} events from {SiloId} (spool {First}–{Last}) failed; the stream redelivers it")]
    private static partial void LogWriteFailed(ILogger logger, Exception exception, int count, string siloId, long first, long last);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Debug, Message = "{Count} events from {SiloId} (spool {First}–{Last}) were already in the ledger")]
    private static partial void LogDuplicates(ILogger logger, int count, string siloId, long first, long last);

    [LoggerMessage(EventId = 3103, Level = LogLevel.Warning, Message = "Usage stream {Shard} reported an error")]
    private static partial void LogStreamError(ILogger logger, Exception exception, string shard);

    [LoggerMessage(EventId = 3104, Level = LogLevel.Error, Message = "Usage observer {Observer} failed")]
    private static partial void LogObserverFailed(ILogger logger, Exception exception, string observer);
}
