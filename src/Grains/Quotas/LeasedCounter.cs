using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace GatoLink.Grains.Quotas;

/// <summary>
/// One silo's local view of a central quota: admits from a leased slice with <see cref="Interlocked"/>
/// (no I/O on the hot path), refills in the background when the slice runs low, and waits for the store
/// only when the slice is exhausted. The unused slice goes back on expiry and on dispose.
/// </summary>
public sealed partial class LeasedCounter : IAsyncDisposable
{
    private readonly IQuotaLeaseStore _store;
    private readonly Func<int> _liveSilos;
    private readonly LeaseOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _lifetime = new();

    private long _local;
    private long _consumedSinceRefill;
    private long _lowWater;
    private long _expiresAtTicks;
    private long _periodEndTicks;
    private int _centralEmpty;
    private int _disposed;

    // Written only by the single refill in flight (see RefillAsync), so no lock is needed for these.
    private double _rate = double.NaN;
    private long _lastRefillTicks;

    private TaskCompletionSource<LeaseGrant>? _inflight;
    private QuotaDefinition? _definition;
    private long _lastCentralRemaining = -1;
    private long _emptyUntilTicks;
    private long _leaseVersion;

    /// <summary>A counter with an empty slice; the first admission leases one.</summary>
    /// <param name="store">The central rows.</param>
    /// <param name="quota">Which quota.</param>
    /// <param name="siloId">This silo.</param>
    /// <param name="liveSilos">Live silos now (from membership), read at each refill.</param>
    /// <param name="options">Tuning.</param>
    /// <param name="time">The clock.</param>
    /// <param name="logger">Where background refill failures go.</param>
    public LeasedCounter(
        IQuotaLeaseStore store,
        QuotaId quota,
        string siloId,
        Func<int> liveSilos,
        LeaseOptions options,
        TimeProvider time,
        ILogger<LeasedCounter>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentException.ThrowIfNullOrEmpty(siloId);
        ArgumentNullException.ThrowIfNull(liveSilos);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        _store = store;
        Quota = quota;
        SiloId = siloId;
        _liveSilos = liveSilos;
        _options = options;
        _time = time;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _lastRefillTicks = time.GetUtcNow().UtcTicks;
    }

    /// <summary>Which quota.</summary>
    public QuotaId Quota { get; }

    /// <summary>This silo.</summary>
    public string SiloId { get; }

    /// <summary>Units in the local slice now.</summary>
    public long Local => Volatile.Read(ref _local);

    /// <summary>Recent consumption in units per second (NaN before the first refill measured it).</summary>
    public double RecentRate => _rate;

    /// <summary>The quota's limit and kind, sent with each lease request; swapped when an admin changes the limit.</summary>
    public QuotaDefinition? Definition
    {
        get => Volatile.Read(ref _definition);
        set => Volatile.Write(ref _definition, value);
    }

    /// <summary>The store's version of this silo's lease row as of the last grant applied here (0 before any).</summary>
    public long LeaseVersion => Volatile.Read(ref _leaseVersion);

    /// <summary>What the central row held after the last grant (−1 before any): with <see cref="Local"/>, an estimate for headers.</summary>
    public long LastCentralRemaining => Volatile.Read(ref _lastCentralRemaining);

    /// <summary>
    /// Takes between <paramref name="minimum"/> and <paramref name="maximum"/> units: all of <paramref name="maximum"/>
    /// when the slice (after at most one refill) holds them, else whatever it holds if that is at least
    /// <paramref name="minimum"/>. Used near a budget's end, where the request is capped to what is left.
    /// </summary>
    /// <returns>Units taken; 0 when not even <paramref name="minimum"/> could be had.</returns>
    public async ValueTask<long> TryAcquireUpToAsync(long minimum, long maximum, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(minimum);
        ArgumentOutOfRangeException.ThrowIfLessThan(maximum, minimum);
        if (await TryAcquireAsync(maximum, cancellationToken))
        {
            return maximum;
        }

        // The full amount is not there even after refilling: take what the slice holds now.
        var current = Volatile.Read(ref _local);
        while (current >= minimum)
        {
            var take = Math.Min(current, maximum);
            var seen = Interlocked.CompareExchange(ref _local, current - take, current);
            if (seen == current)
            {
                AfterTake(take);
                return take;
            }

            current = seen;
        }

        return 0;
    }

    /// <summary>Takes units unconditionally (usage above what was reserved); the slice may go into debt.</summary>
    public void Charge(long units)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(units);
        Interlocked.Add(ref _local, -units);
        Interlocked.Add(ref _consumedSinceRefill, units);
    }

    /// <summary>
    /// Takes <paramref name="units"/> from the slice. Completes synchronously while the slice holds them;
    /// otherwise leases more and returns false only when the central quota cannot provide them.
    /// </summary>
    public ValueTask<bool> TryAcquireAsync(long units, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(units);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (!IsExpired() && TryTakeLocal(units))
        {
            AfterTake(units);
            return new ValueTask<bool>(true);
        }

        return AcquireSlowAsync(units, cancellationToken);
    }

    /// <summary>Gives units back to the local slice (a reservation settled below its estimate).</summary>
    public void Release(long units)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(units);
        Interlocked.Add(ref _local, units);
        Interlocked.Add(ref _consumedSinceRefill, -units);
    }

    /// <summary>
    /// Returns the unused slice to the store if the lease has expired or its period ended (call from a
    /// periodic loop). A slice of an ended period is dropped by the store, not carried into the next.
    /// </summary>
    /// <returns>Units returned.</returns>
    public async ValueTask<long> ExpireIfDueAsync(CancellationToken cancellationToken)
    {
        return IsExpired() ? await ReturnUnusedAsync(cancellationToken) : 0;
    }

    /// <summary>Returns the unused slice and stops.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _lifetime.CancelAsync();
        await ReturnUnusedAsync(CancellationToken.None);
        _lifetime.Dispose();
    }

    private async ValueTask<bool> AcquireSlowAsync(long units, CancellationToken cancellationToken)
    {
        if (IsExpired())
        {
            await ReturnUnusedAsync(cancellationToken);
        }
        else if (_time.GetUtcNow().UtcTicks < Volatile.Read(ref _emptyUntilTicks))
        {
            // The store just said it has nothing: refuse without asking it again for every request of a flood.
            return false;
        }

        while (true)
        {
            if (TryTakeLocal(units))
            {
                AfterTake(units);
                return true;
            }

            var grant = await RefillAsync(units - Local).WaitAsync(cancellationToken);
            if (TryTakeLocal(units))
            {
                AfterTake(units);
                return true;
            }

            if (grant.Granted == 0)
            {
                Volatile.Write(ref _emptyUntilTicks, _time.GetUtcNow().UtcTicks + EmptyBackoff().Ticks);
                return false;
            }
        }
    }

    /// <summary>How long an empty answer stands: one unit's refill time for a bucket (at most a second), else a second.</summary>
    private TimeSpan EmptyBackoff() => Definition is { RefillPerMinute: { } perMinute } && perMinute > 0
        ? TimeSpan.FromTicks(Math.Min(TimeSpan.TicksPerSecond, TimeSpan.TicksPerMinute / perMinute))
        : TimeSpan.FromSeconds(1);

    private bool TryTakeLocal(long units)
    {
        var current = Volatile.Read(ref _local);
        while (current >= units)
        {
            var seen = Interlocked.CompareExchange(ref _local, current - units, current);
            if (seen == current)
            {
                return true;
            }

            current = seen;
        }

        return false;
    }

    private void AfterTake(long units)
    {
        Interlocked.Add(ref _consumedSinceRefill, units);
        if (Volatile.Read(ref _local) < Volatile.Read(ref _lowWater)
            && Volatile.Read(ref _centralEmpty) == 0
            && Volatile.Read(ref _inflight) is null)
        {
            _ = RefillInBackgroundAsync();
        }
    }

    private async Task RefillInBackgroundAsync()
    {
        try
        {
            await RefillAsync(0);
        }
        catch (OperationCanceledException) when (_lifetime.IsCancellationRequested)
        {
            // Shutting down: nothing to refill for.
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The hot path does not wait for this; the next slow-path admission retries and sees the error.
            LogRefillFailed(_logger, ex, Quota.Scope, Quota.Id, Quota.Kind);
        }
    }

    /// <summary>Leases more; concurrent callers share the one refill in flight.</summary>
    private Task<LeaseGrant> RefillAsync(long need)
    {
        TaskCompletionSource<LeaseGrant> mine;
        lock (_gate)
        {
            if (_inflight is { } running)
            {
                return running.Task;
            }

            mine = new TaskCompletionSource<LeaseGrant>(TaskCreationOptions.RunContinuationsAsynchronously);
            _inflight = mine;
        }

        _ = RunRefillAsync(mine, need);
        return mine.Task;
    }

    private async Task RunRefillAsync(TaskCompletionSource<LeaseGrant> completion, long need)
    {
        try
        {
            var nowTicks = _time.GetUtcNow().UtcTicks;
            var consumed = Interlocked.Exchange(ref _consumedSinceRefill, 0);
            var elapsed = TimeSpan.FromTicks(nowTicks - _lastRefillTicks).TotalSeconds;
            if (elapsed > 0)
            {
                _rate = LeaseSizing.Ewma(_rate, Math.Max(0, consumed) / elapsed, _options.RateSmoothing);
                _lastRefillTicks = nowTicks;
            }
            else
            {
                // No time passed: keep counting towards the next rate sample.
                Interlocked.Add(ref _consumedSinceRefill, consumed);
            }

            var wanted = LeaseSizing.Wanted(_rate, _options.RefillHorizon, need, Math.Max(0, consumed), _options.MinimumGrant);
            var request = new LeaseRequest(Quota, wanted, SiloId, Math.Max(1, _liveSilos()), _options.LeaseDuration, Definition, Math.Max(0, Local));
            var grant = await _store.AcquireAsync(request, _lifetime.Token);
            Volatile.Write(ref _lastCentralRemaining, grant.CentralRemaining);

            Interlocked.Add(ref _local, grant.Granted);
            Volatile.Write(ref _leaseVersion, grant.Version);
            Volatile.Write(ref _periodEndTicks, grant.PeriodEnd.UtcTicks);
            Volatile.Write(ref _expiresAtTicks, Math.Min(grant.ExpiresAt.UtcTicks, grant.PeriodEnd.UtcTicks));
            Volatile.Write(ref _lowWater, (long)Math.Ceiling(grant.Granted * _options.LowWaterFraction));
            Volatile.Write(ref _centralEmpty, grant.CentralRemaining <= 0 ? 1 : 0);

            // Clear before completing, so that a waiter that wakes up and needs more starts a new refill.
            ClearInflight();
            completion.SetResult(grant);
        }
        catch (Exception ex)
        {
            ClearInflight();
            completion.SetException(ex);
        }
    }

    private void ClearInflight()
    {
        lock (_gate)
        {
            _inflight = null;
        }
    }

    private bool IsExpired() => _time.GetUtcNow().UtcTicks >= Volatile.Read(ref _expiresAtTicks);

    private async ValueTask<long> ReturnUnusedAsync(CancellationToken cancellationToken)
    {
        var unused = Interlocked.Exchange(ref _local, 0);
        if (unused <= 0)
        {
            return 0;
        }

        try
        {
            var periodEnd = new DateTimeOffset(Volatile.Read(ref _periodEndTicks), TimeSpan.Zero);
            await _store.ReturnAsync(new LeaseReturn(Quota, SiloId, unused, periodEnd), cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The central row still counts these units as leased; they come back when the lease row expires.
            LogReturnFailed(_logger, ex, Quota.Scope, Quota.Id, Quota.Kind, unused);
            throw;
        }

        return unused;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Background lease refill failed for {Scope} {Id} {Kind}")]
    private static partial void LogRefillFailed(ILogger logger, Exception exception, LimitScope scope, string id, LimitKind kind);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Returning {Units} leased units failed for {Scope} {Id} {Kind}")]
    private static partial void LogReturnFailed(ILogger logger, Exception exception, LimitScope scope, string id, LimitKind kind, long units);
}
