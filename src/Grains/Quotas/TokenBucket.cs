namespace GatoLink.Grains.Quotas;

/// <summary>
/// A token bucket refilled lazily from <see cref="TimeProvider"/> time; thread-safe.
/// </summary>
/// <remarks>
/// <para>The level is kept in "unit-ticks" (units × ticks per minute) so that refill is exact integer
/// arithmetic: after t ticks the bucket gains t × refillPerMinute unit-ticks, with no rounding drift.
/// The level may go below zero through <see cref="Charge"/> (usage above what was reserved); the
/// debt is paid back by refill before anything can be taken again.</para>
/// <para>It locks itself: a separate <see cref="Lock"/> would add 40 bytes to every bucket of every active key grain.
/// The class is sealed and never handed to code that could lock it; inside a grain the lock is uncontended (a thin
/// lock in the object header, nothing allocated).</para>
/// </remarks>
public sealed class TokenBucket
{
    private static readonly Int128 TicksPerMinute = TimeSpan.TicksPerMinute;

    private readonly TimeProvider _time;
    private Int128 _levelScaled;
    private long _lastRefillTicks;

    /// <summary>A full bucket.</summary>
    /// <param name="capacity">Most units it holds (the per-minute limit).</param>
    /// <param name="refillPerMinute">Units added per minute.</param>
    /// <param name="time">The clock.</param>
    public TokenBucket(long capacity, long refillPerMinute, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(refillPerMinute);
        ArgumentNullException.ThrowIfNull(time);
        Capacity = capacity;
        RefillPerMinute = refillPerMinute;
        _time = time;
        _levelScaled = CapacityScaled;
        _lastRefillTicks = time.GetUtcNow().UtcTicks;
    }

    /// <summary>Most units the bucket holds.</summary>
    public long Capacity { get; }

    /// <summary>Units added per minute.</summary>
    public long RefillPerMinute { get; }

    private Int128 CapacityScaled => Capacity * TicksPerMinute;

    /// <summary>Takes <paramref name="units"/> if all are available; otherwise takes nothing.</summary>
    public BucketTake TryTake(long units)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(units);
        var wanted = units * TicksPerMinute;
        lock (this)
        {
            Refill();
            if (_levelScaled >= wanted)
            {
                _levelScaled -= wanted;
                return new BucketTake(true, WholeUnits(_levelScaled), TimeSpan.Zero);
            }

            var retry = units > Capacity ? TimeSpan.MaxValue : TimeUntil(wanted);
            return new BucketTake(false, WholeUnits(_levelScaled), retry);
        }
    }

    /// <summary>Gives back units that were taken but not used (never above capacity).</summary>
    public void Return(long units)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(units);
        lock (this)
        {
            Refill();
            _levelScaled = Int128.Min(CapacityScaled, _levelScaled + units * TicksPerMinute);
        }
    }

    /// <summary>Takes units unconditionally (actual usage above the reservation); the level may go negative.</summary>
    public void Charge(long units)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(units);
        lock (this)
        {
            Refill();
            _levelScaled -= units * TicksPerMinute;
        }
    }

    /// <summary>The bucket now.</summary>
    public BucketState Snapshot()
    {
        lock (this)
        {
            Refill();
            return new BucketState(Capacity, Math.Max(0, WholeUnits(_levelScaled)), TimeUntil(CapacityScaled));
        }
    }

    private void Refill()
    {
        var now = _time.GetUtcNow().UtcTicks;
        var elapsed = now - _lastRefillTicks;
        if (elapsed <= 0)
        {
            // A clock that steps back must not drain or double-fill the bucket.
            return;
        }

        _lastRefillTicks = now;
        _levelScaled = Int128.Min(CapacityScaled, _levelScaled + (Int128)elapsed * RefillPerMinute);
    }

    private TimeSpan TimeUntil(Int128 targetScaled)
    {
        var deficit = targetScaled - _levelScaled;
        if (deficit <= 0)
        {
            return TimeSpan.Zero;
        }

        // Round up: at the returned instant the units are really there.
        var ticks = (deficit + RefillPerMinute - 1) / RefillPerMinute;
        return TimeSpan.FromTicks((long)Int128.Min(ticks, TimeSpan.MaxValue.Ticks));
    }

    private static long WholeUnits(Int128 scaled) =>
        (long)(scaled >= 0 ? scaled / TicksPerMinute : -((-scaled + TicksPerMinute - 1) / TicksPerMinute));
}
