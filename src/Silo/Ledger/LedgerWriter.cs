using System.Data.Common;
using System.Threading.Channels;
using GatoLink.Grains.Abstractions.Usage;
using GatoLink.Grains.Billing;
using GatoLink.Grains.Telemetry;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace GatoLink.Silo.Ledger;

/// <summary>
/// Takes every attempt's usage event and writes it to the ledger in batches. <see cref="Publish"/> never blocks
/// and never drops: the bounded queue takes the event, and when it is full (the database is slow or down) the
/// event goes to the durable <see cref="UsageSpool"/>. One writer loop drains the queue in batches, replays the
/// spool in order, and retries a refused batch with exponential backoff. A graceful stop writes what it can and
/// spools the rest.
/// </summary>
public sealed class LedgerWriter : BackgroundService, IUsageSink
{
    private readonly Channel<UsageEvent> _queue;
    private readonly ILedgerStore _store;
    private readonly UsageSpool _spool;
    private readonly IUsageObserver[] _observers;
    private readonly LedgerOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<LedgerWriter> _logger;
    private readonly LedgerInstruments? _instruments;
    private readonly CancellationTokenSource _abort = new();
    private int _stopping;
    private int _spoolingLogged;
    private long _written;
    private int _busy;

    /// <summary>Creates the writer; the host starts its writer loop. Metrics are recorded when telemetry is registered.</summary>
    public LedgerWriter(
        ILedgerStore store,
        UsageSpool spool,
        IEnumerable<IUsageObserver> observers,
        IOptions<LedgerOptions> options,
        TimeProvider time,
        ILogger<LedgerWriter> logger,
        LedgerInstruments? instruments = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _store = store;
        _spool = spool;
        _observers = observers.ToArray();
        _options = options.Value;
        _time = time;
        _logger = logger;
        _instruments = instruments;
        // Spooled events from an earlier life are part of this life's backlog.
        _instruments?.EventsEnqueued((int)Math.Min(int.MaxValue, spool.Count));
        // Wait mode, but only TryWrite is ever called: a full queue answers false at once and the event is
        // spooled, so a request thread never waits and nothing is dropped (DropOldest/DropNewest would lose bills).
        _queue = Channel.CreateBounded<UsageEvent>(new BoundedChannelOptions(_options.QueueCapacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
            SingleWriter = false,
        });
    }

    /// <summary>Events waiting in memory.</summary>
    public int Queued => _queue.Reader.Count;

    /// <summary>Events waiting in the spool.</summary>
    public long Spooled => _spool.Count;

    /// <summary>Events this writer inserted into the ledger (not counting duplicates skipped).</summary>
    public long Written => Interlocked.Read(ref _written);

    /// <inheritdoc />
    public void Publish(UsageEvent usage)
    {
        ArgumentNullException.ThrowIfNull(usage);
        foreach (var observer in _observers)
        {
            Notify(observer, usage);
        }

        _instruments?.EventsEnqueued(1);
        if (_queue.Writer.TryWrite(usage))
        {
            return;
        }

        if (Interlocked.Exchange(ref _spoolingLogged, 1) == 0)
        {
            LedgerLog.Spooling(_logger, _spool.Path);
        }

        try
        {
            _spool.Append([usage]);
        }
        catch (SqliteException ex)
        {
            // The last resort failed too (disk full, file gone): say so loudly with the id, never silently.
            LedgerLog.Lost(_logger, ex, usage.EventId);
            _instruments?.EventsAbandoned(1);
        }
    }

    /// <summary>Waits until everything queued and spooled so far has been written (tests and benchmarks).</summary>
    public async Task DrainAsync(CancellationToken ct)
    {
        while (_queue.Reader.Count > 0 || _spool.Count > 0 || Volatile.Read(ref _busy) == 1)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(10), _time, ct);
        }
    }

    /// <inheritdoc />
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        // From here Publish spools (the queue refuses), the loop drains the queue with single attempts, and the
        // host's shutdown deadline aborts whatever is still waiting on the database (it is then spooled).
        Interlocked.Exchange(ref _stopping, 1);
        _queue.Writer.TryComplete();
        await using (cancellationToken.Register(static s => ((CancellationTokenSource)s!).Cancel(), _abort))
        {
            if (ExecuteTask is { } running)
            {
                await running.ConfigureAwait(false);
            }
        }

        await base.StopAsync(cancellationToken);
    }

    /// <inheritdoc />
    public override void Dispose()
    {
        _abort.Dispose();
        base.Dispose();
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // stoppingToken is not used for writes: a stop drains first (see StopAsync); only _abort cuts it short.
        var ct = _abort.Token;
        var batch = new List<UsageEvent>(_options.BatchSize);
        try
        {
            await _store.PrepareAsync(_time.GetUtcNow(), ct).ConfigureAwait(false);
        }
        catch (DbException ex)
        {
            // Not fatal: each batch creates the partitions it needs.
            LedgerLog.MaintenanceFailed(_logger, ex);
        }

        if (_spool.Count > 0)
        {
            LedgerLog.Replaying(_logger, _spool.Count);
        }

        try
        {
            while (true)
            {
                // Counted busy before the queue is read, so DrainAsync never sees an empty queue with a batch in hand.
                Volatile.Write(ref _busy, 1);
                while (batch.Count < _options.BatchSize && _queue.Reader.TryRead(out var e))
                {
                    batch.Add(e);
                }

                if (batch.Count > 0)
                {
                    await WriteAsync(batch, spooledThrough: null, ct).ConfigureAwait(false);
                    // Cleared only once written (or spooled): an abort mid-write still holds the batch and spools it below.
                    batch.Clear();
                }

                Volatile.Write(ref _busy, 0);

                // One spool batch per queue batch: the spool drains even under steady load.
                if (Volatile.Read(ref _stopping) == 0 && _spool.ReadOldest(_options.BatchSize) is { } spooled)
                {
                    await WriteAsync(spooled.Events, spooled.LastSequence, ct).ConfigureAwait(false);
                    continue;
                }

                if (_queue.Reader.Count > 0)
                {
                    continue;
                }

                if (!await _queue.Reader.WaitToReadAsync(ct).ConfigureAwait(false))
                {
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The host's deadline passed: whatever is still in memory goes to the spool for the next start.
            while (_queue.Reader.TryRead(out var e))
            {
                batch.Add(e);
            }

            _spool.Append(batch);
            LedgerLog.SpooledAtStop(_logger, batch.Count);
        }
    }

    private async Task WriteAsync(IReadOnlyList<UsageEvent> batch, long? spooledThrough, CancellationToken ct)
    {
        var delay = _options.MinBackoff;
        var failures = 0;
        IReadOnlyList<UsageEvent> inserted;
        while (true)
        {
            using var span = GatoLinkTracing.Source.StartActivity(SpanNames.LedgerWrite);
            span?.SetTag("gatolink.ledger.batch_size", batch.Count);
            span?.SetTag("gatolink.ledger.from_spool", spooledThrough is not null);
            try
            {
                inserted = await _store.WriteAsync(batch, ct).ConfigureAwait(false);
                break;
            }
            catch (DbException ex)
            {
                failures++;
                _instruments?.WriteFailed();
                span?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, ex.GetType().Name);
                if (Volatile.Read(ref _stopping) == 1)
                {
                    // Stopping: no backoff, the spool keeps it (a spooled batch simply stays where it is).
                    if (spooledThrough is null)
                    {
                        _spool.Append(batch);
                        LedgerLog.SpooledAtStop(_logger, batch.Count);
                    }

                    return;
                }

                LedgerLog.WriteFailed(_logger, ex, batch.Count, delay.TotalMilliseconds);
                await Task.Delay(delay, _time, ct).ConfigureAwait(false);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _options.MaxBackoff.Ticks));
            }
        }

        if (failures > 0)
        {
            LedgerLog.WriteRecovered(_logger, failures);
            Interlocked.Exchange(ref _spoolingLogged, 0);
        }

        if (spooledThrough is { } last)
        {
            _spool.DeleteThrough(last);
        }

        Interlocked.Add(ref _written, inserted.Count);
        _instruments?.EventsWritten(inserted.Count);
        if (inserted.Count < batch.Count)
        {
            // Already in the ledger (a retry or a replay): no longer waiting, not written twice.
            _instruments?.EventsAbandoned(batch.Count - inserted.Count);
        }

        if (inserted.Count > 0)
        {
            foreach (var observer in _observers)
            {
                Notify(observer, inserted);
            }
        }
    }

    // Observers are other features' code on the billing path: one that throws must not lose a bill or a
    // request, so its failure is logged and the stream goes on. Cancellation is not theirs to signal here.
    private void Notify(IUsageObserver observer, UsageEvent usage)
    {
        try
        {
            observer.OnPublished(usage);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LedgerLog.ObserverFailed(_logger, ex, observer.GetType().Name);
        }
    }

    private void Notify(IUsageObserver observer, IReadOnlyList<UsageEvent> inserted)
    {
        try
        {
            observer.OnWritten(inserted);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LedgerLog.ObserverFailed(_logger, ex, observer.GetType().Name);
        }
    }
}
