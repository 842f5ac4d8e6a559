using System.Threading.Channels;
using GatoLink.Grains.Abstractions.Usage;
using GatoLink.Grains.Billing;
using GatoLink.Grains.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GatoLink.Silo.Ledger;

/// <summary>
/// The first way of an attempt's usage: straight into the ledger (PostgreSQL in a cluster, the database file when
/// embedded), before the response's last byte, so that a silo that dies and never returns holds nothing billed. The
/// events of concurrent requests share one write (group commit: one statement per batch on PostgreSQL, one transaction
/// on SQLite), written by one loop. When the ledger does not take a batch within <see cref="LedgerOptions.CommitTimeout"/>
/// its events go back to their callers as not committed, and for a backoff (<see cref="LedgerOptions.MinBackoff"/>
/// doubling up to <see cref="LedgerOptions.MaxBackoff"/>) every event is refused at once: the caller keeps it in the
/// silo's spool, which the <see cref="UsageForwarder"/> drains through the usage stream as before. A write that timed out
/// may still have committed; the spooled copy is then dropped by the ledger (idempotent by event id).
/// </summary>
public sealed class LedgerCommitter : BackgroundService
{
    private readonly IUsageLedger _ledger;
    private readonly UsageBilling _billing;
    private readonly LedgerOptions _options;
    private readonly bool _enabled;
    private readonly TimeProvider _time;
    private readonly ILogger<LedgerCommitter> _logger;
    private readonly LedgerInstruments? _instruments;
    private readonly Channel<PendingCommit> _queue = Channel.CreateUnbounded<PendingCommit>(new UnboundedChannelOptions { SingleReader = true });
    private readonly List<PendingCommit> _batch = [];
    private long _awayUntil;
    private TimeSpan _backoff;
    private int _failures;

    /// <summary>Creates the committer; the host runs its loop. Off when <see cref="LedgerOptions.DirectWrite"/> is false.</summary>
    public LedgerCommitter(IUsageLedger ledger, IEnumerable<IUsageObserver> observers, IOptions<LedgerOptions> options, TimeProvider time, ILogger<LedgerCommitter> logger, LedgerInstruments? instruments = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _ledger = ledger;
        _enabled = options.Value.DirectWrite;
        // The same follow-up as the billing grain's writes: ledger metrics and observers.
        _billing = new UsageBilling(ledger, observers, time, logger, instruments);
        _options = options.Value;
        _time = time;
        _logger = logger;
        _instruments = instruments;
        _backoff = _options.MinBackoff;
    }

    /// <summary>
    /// Writes <paramref name="usage"/> into the ledger with whatever else is waiting; true once it is committed there, false
    /// when the ledger is away (at once during a backoff) or the committer has stopped: keep it elsewhere then.
    /// </summary>
    public ValueTask<bool> TryCommitAsync(UsageEvent usage)
    {
        if (!_enabled || _time.GetTimestamp() < Interlocked.Read(ref _awayUntil))
        {
            return ValueTask.FromResult(false);
        }

        var pending = new PendingCommit(usage);
        return _queue.Writer.TryWrite(pending) ? new ValueTask<bool>(pending.Task) : ValueTask.FromResult(false);
    }

    /// <inheritdoc />
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        // Requests drained before the host stops its services; anything still arriving goes to the spool.
        _queue.Writer.TryComplete();
        await base.StopAsync(cancellationToken);
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // stoppingToken is not used: the loop writes what was queued before the stop, then ends with the channel.
        var reader = _queue.Reader;
        while (await reader.WaitToReadAsync(CancellationToken.None).ConfigureAwait(false))
        {
            while (_batch.Count < _options.BatchSize && reader.TryRead(out var pending))
            {
                _batch.Add(pending);
            }

            await CommitBatchAsync().ConfigureAwait(false);
            _batch.Clear();
        }
    }

    private async Task CommitBatchAsync()
    {
        var events = new UsageEvent[_batch.Count];
        for (var i = 0; i < events.Length; i++)
        {
            events[i] = _batch[i].Usage;
        }

        IReadOnlyList<UsageEvent> inserted;
        using (var span = GatoLinkTracing.Source.StartActivity(SpanNames.LedgerWrite))
        {
            span?.SetTag("gatolink.ledger.batch_size", events.Length);
            using var timeout = new CancellationTokenSource(_options.CommitTimeout, _time);
            try
            {
                inserted = await _ledger.WriteAsync(events, timeout.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // Whatever the database did (refused, timed out, failed mid-way): the callers spool their events.
                span?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, ex.GetType().Name);
                Away(ex, events.Length);
                foreach (var pending in _batch)
                {
                    pending.Complete(false);
                }

                return;
            }
        }

        if (Interlocked.Exchange(ref _failures, 0) > 0)
        {
            _backoff = _options.MinBackoff;
            LedgerLog.DirectWriteRecovered(_logger);
        }

        foreach (var pending in _batch)
        {
            pending.Complete(true);
        }

        _billing.Written(inserted);
    }

    private void Away(Exception ex, int count)
    {
        _instruments?.WriteFailed();
        var failures = Interlocked.Increment(ref _failures);
        Interlocked.Exchange(ref _awayUntil, _time.GetTimestamp() + (long)(_backoff.TotalSeconds * _time.TimestampFrequency));
        if (failures == 1)
        {
            LedgerLog.DirectWriteFailed(_logger, ex, count, _backoff.TotalMilliseconds);
        }
        else
        {
            LedgerLog.DirectWriteStillFailing(_logger, ex.Message, count, failures, _backoff.TotalMilliseconds);
        }

        var doubled = _backoff * 2;
        _backoff = doubled > _options.MaxBackoff ? _options.MaxBackoff : doubled;
    }

    private sealed class PendingCommit(UsageEvent usage) : TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously)
    {
        public UsageEvent Usage { get; } = usage;

        public void Complete(bool committed) => TrySetResult(committed);
    }
}
