using System.Collections.Concurrent;
using System.Threading.Channels;
using GatoLink.Gateway;
using GatoLink.Grains.Abstractions.Usage;
using GatoLink.Grains.Billing;
using GatoLink.Grains.Telemetry;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using GatoLink.PerSilo.Telemetry;
using GatoLink.PerSilo.Billing;

namespace GatoLink.Silo.Ledger;

/// <summary>
/// The silo's end of the usage stream. <see cref="PublishAsync"/> appends an event to the durable <see cref="UsageSpool"/>
/// and completes once it is committed (the request then sends its last bytes). One loop reads the spool in order and
/// publishes runs of it as <see cref="UsageBatch"/>es on the stream; the billing grain writes each to the ledger and
/// acknowledges it (<see cref="Billed"/>), and only then are its rows deleted. A batch not acknowledged in time is
/// published again; the ledger drops the repeat. On start, everything still in the spool is published again.
/// </summary>
public sealed class UsageForwarder : BackgroundService, IUsageSink, IUsageAckObserver, IUsageStreamMetricsSource
{
    private readonly UsageSpool _spool;
    private readonly IUsageBatchPublisher _publisher;
    private readonly UsageObservers _observers;
    private readonly LedgerOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<UsageForwarder> _logger;
    private readonly LedgerInstruments? _instruments;
    private readonly LedgerCommitter? _committer;
    private readonly string _siloId;
    private readonly ConcurrentQueue<(long First, long Last)> _acks = new();
    private readonly UsageOverflow _overflow = new();
    private readonly ConcurrentDictionary<Guid, DateTimeOffset> _appending = new();
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly InFlightRuns _inFlight;
    private readonly PublishQueue _queue;
    private int _spoolFailing;
    private int _stopping;

    /// <summary>Creates the forwarder; the host runs its loop.</summary>
    public UsageForwarder(
        UsageSpool spool,
        IUsageBatchPublisher publisher,
        IEnumerable<IUsageObserver> observers,
        IOptions<LedgerOptions> options,
        IOptions<GatewayOptions> gateway,
        TimeProvider time,
        ILogger<UsageForwarder> logger,
        LedgerInstruments? instruments = null,
        LedgerCommitter? committer = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(gateway);
        _spool = spool;
        _publisher = publisher;
        _observers = new UsageObservers(observers, logger);
        _options = options.Value;
        _siloId = gateway.Value.SiloId;
        _time = time;
        _logger = logger;
        _instruments = instruments;
        _committer = committer;
        _inFlight = new InFlightRuns(time);
        _queue = new PublishQueue(spool, _inFlight, _overflow, _options, _siloId, time, logger, instruments);
        // Spooled events from an earlier life are part of this life's backlog.
        _instruments?.EventsEnqueued((int)Math.Min(int.MaxValue, spool.Count));
    }

    /// <summary>Events waiting in the spool (not yet acknowledged by the ledger).</summary>
    public long Spooled => _spool.Count;

    /// <summary>
    /// How long an event may take from its timestamp to <see cref="PublishAsync"/>: the recorder stamps it and calls
    /// straight on, so a second is far more than a thread's pause; the mark stays this far behind the clock.
    /// </summary>
    public static readonly TimeSpan RecordingMargin = TimeSpan.FromSeconds(1);

    /// <summary>Events kept in memory only because the spool could not take them.</summary>
    public int Unspooled => _overflow.Count;

    /// <summary>Batches published and not yet acknowledged.</summary>
    public int InFlight => _inFlight.Count;

    /// <inheritdoc />
    public async ValueTask PublishAsync(UsageEvent usage, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(usage);
        // Seen by BilledBefore until the ledger, the spool (or the overflow queue) holds it.
        _appending[usage.EventId] = usage.Timestamp;
        try
        {
            if (_committer is not null && await _committer.TryCommitAsync(usage).ConfigureAwait(false))
            {
                // In the ledger already: nothing for the spool or the stream.
                _observers.Published(usage);
                return;
            }

            await _spool.AppendAsync(usage, ct).ConfigureAwait(false);
            _instruments?.EventsEnqueued(1);
            if (Volatile.Read(ref _spoolFailing) == 1 && Interlocked.Exchange(ref _spoolFailing, 0) == 1)
            {
                LedgerLog.SpoolRecovered(_logger, _spool.Path);
            }
        }
        catch (SpoolUnavailableException ex)
        {
            // The response goes on: the event is published from memory (durable once the stream has it), and the
            // failure is loud — a log line on the first failure of a run, and a metric per event.
            _instruments?.SpoolFailed(ex.Reason);
            if (Interlocked.Exchange(ref _spoolFailing, 1) == 0)
            {
                LedgerLog.SpoolFailing(_logger, ex, _spool.Path, ex.Reason);
            }

            _overflow.Enqueue(usage);
        }
        finally
        {
            _appending.TryRemove(usage.EventId, out _);
        }

        _observers.Published(usage);
        _wake.Writer.TryWrite(true);
    }

    /// <inheritdoc />
    public Task Billed(long firstSequence, long lastSequence)
    {
        _acks.Enqueue((firstSequence, lastSequence));
        _wake.Writer.TryWrite(true);
        return Task.CompletedTask;
    }

    /// <summary>
    /// The silo's ledger mark: every event it recorded with an earlier timestamp is in the ledger (acknowledged).
    /// It is the oldest event still on its way in — being appended, held in memory, or in the spool (acknowledged rows
    /// count until they are deleted, which only holds the mark back) — or the clock less <see cref="RecordingMargin"/>.
    /// </summary>
    /// <remarks>
    /// Read in this order so that an event moving between the places is always seen in one of them: it enters the spool
    /// or the overflow queue before it leaves the appending set.
    /// </remarks>
    public DateTimeOffset BilledBefore()
    {
        var mark = _time.GetUtcNow() - RecordingMargin;
        foreach (var at in _appending.Values)
        {
            mark = at < mark ? at : mark;
        }

        mark = _overflow.OldestBefore(mark);
        return _spool.OldestTimestamp() is { } oldest && oldest < mark ? oldest : mark;
    }

    /// <summary>
    /// Waits until everything spooled so far is in the ledger and everything held in memory is on the stream (tests and
    /// benchmarks). Events held in memory (the spool was full) are not acknowledged: the ledger gets them shortly after.
    /// </summary>
    public async Task DrainAsync(CancellationToken ct)
    {
        while (_spool.Count > 0 || !_overflow.IsEmpty || _overflow.IsSending || InFlight > 0)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(10), _time, ct);
        }
    }

    /// <inheritdoc />
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        // From here the loop publishes what is left and waits for acknowledgements, for at most StopTimeout; what is
        // still spooled then is published on the next start.
        Interlocked.Exchange(ref _stopping, 1);
        _wake.Writer.TryWrite(true);
        if (ExecuteTask is { } running)
        {
            await running.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        await base.StopAsync(cancellationToken);
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // stoppingToken is not used: a stop flushes first (see StopAsync), bounded by StopTimeout.
        if (_spool.QuarantinedFile is { } moved)
        {
            _instruments?.SpoolFailed("corrupt");
            LedgerLog.FileQuarantined(_logger, _spool.OpenFailure!, _spool.Path, moved);
        }

        if (_spool.Count > 0)
        {
            LedgerLog.Replaying(_logger, _spool.Count);
        }

        var ackTo = _publisher.AckTarget(this);
        var cursor = 0L;
        var backoff = new PublishBackoff(_options, _logger);
        DateTimeOffset? stopDeadline = null;
        while (true)
        {
            await _queue.ApplyAcksAsync(_acks).ConfigureAwait(false);
            if (Volatile.Read(ref _stopping) == 1)
            {
                stopDeadline ??= _time.GetUtcNow() + _options.StopTimeout;
                if ((_spool.Count == 0 && _overflow.IsEmpty) || _time.GetUtcNow() >= stopDeadline)
                {
                    if (_spool.Count > 0)
                    {
                        LedgerLog.LeftAtStop(_logger, _spool.Count);
                    }

                    return;
                }
            }

            UsageBatch? batch;
            try
            {
                (batch, cursor) = await _queue.NextAsync(cursor, ackTo).ConfigureAwait(false);
            }
            catch (SqliteException ex)
            {
                _instruments?.SpoolFailed("io");
                LedgerLog.SpoolReadFailed(_logger, ex, _spool.Path);
                await WaitAsync(_options.MaxBackoff).ConfigureAwait(false);
                continue;
            }

            if (batch is null)
            {
                // Nothing to send: sleep until an append or an acknowledgement, or the next resend check.
                await WaitAsync(Volatile.Read(ref _stopping) == 1 ? TimeSpan.FromMilliseconds(20) : TimeSpan.FromSeconds(1)).ConfigureAwait(false);
                continue;
            }

            try
            {
                await _publisher.PublishAsync(batch, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                // The stream's provider (its database, the silo's runtime) fails in ways it does not document (DbException,
                // TimeoutException, OrleansException, a cancelled call); the events stay in the spool, so every failure is
                // the same: back off and send the batch again. Nothing is swallowed: each failure is logged.
                cursor = _queue.Unsend(batch, cursor);
                var wait = backoff.Failed(ex, batch.Events.Count);
                if (Volatile.Read(ref _stopping) == 1 && _time.GetUtcNow() >= stopDeadline)
                {
                    continue;
                }

                await WaitAsync(wait).ConfigureAwait(false);
                continue;
            }

            if (batch.FirstSequence == 0)
            {
                _overflow.Sent();
            }

            backoff.Succeeded();

            if (batch.Events.Count < _options.BatchSize && Volatile.Read(ref _stopping) == 0 && _options.PublishInterval > TimeSpan.Zero)
            {
                // A batch that was not full: let the next one gather events for a moment, so that a steady trickle
                // becomes a few stream items a second per silo rather than one per request.
                await Task.Delay(_options.PublishInterval, _time, CancellationToken.None).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// The spool's depth, and the stream's lag: how long the oldest batch published and not yet acknowledged by the
    /// ledger has been on its way (zero when nothing is).
    /// </summary>
    public UsageStreamSnapshot GetUsageStreamSnapshot() => new(_spool.Count, _inFlight.OldestAge());

    private async Task WaitAsync(TimeSpan timeout)
    {
        using var timer = new CancellationTokenSource(timeout, _time);
        try
        {
            await _wake.Reader.ReadAsync(timer.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (timer.IsCancellationRequested)
        {
            // Woken by time.
        }
    }
}
