using GatoLink.Grains.Abstractions.Model;

namespace GatoLink.Grains.Quotas;

/// <summary>
/// A budget per UTC day or month (micro-dollars or tokens) that rolls over lazily when time passes the
/// window's end; thread-safe, each claim is one short lock.
/// </summary>
/// <remarks>
/// It locks itself: a separate <see cref="Lock"/> would add 40 bytes to every budget of every active key grain. The
/// class is sealed and never handed to code that could lock it.
/// </remarks>
public sealed class BudgetCounter
{
    private readonly TimeProvider _time;
    private BudgetWindow _window;
    private long _used;

    /// <summary>An unused budget of <paramref name="limit"/> per <paramref name="period"/>.</summary>
    public BudgetCounter(long limit, BudgetPeriod period, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        ArgumentNullException.ThrowIfNull(time);
        Limit = limit;
        Period = period;
        _time = time;
        _window = BudgetWindow.For(period, time.GetUtcNow());
    }

    /// <summary>The budget per window.</summary>
    public long Limit { get; }

    /// <summary>Day or month.</summary>
    public BudgetPeriod Period { get; }

    /// <summary>Reserves exactly <paramref name="amount"/> if it fits in what remains.</summary>
    public BudgetClaim TryReserve(long amount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(amount);
        lock (this)
        {
            Roll();
            if (amount > Limit - _used)
            {
                return new BudgetClaim(false, 0, 0, _window);
            }

            _used += amount;
            return new BudgetClaim(true, amount, 0, _window);
        }
    }

    /// <summary>
    /// Reserves the cost of the prompt + <paramref name="maxTokens"/>, or — when the remainder cannot pay
    /// for all of them — of the prompt + as many output tokens as it can pay for (at least one).
    /// </summary>
    public BudgetClaim TryReserveCost(ModelPrice price, long promptTokens, long maxTokens)
    {
        ArgumentNullException.ThrowIfNull(price);
        lock (this)
        {
            Roll();
            var affordable = CostCap.AffordableOutputTokens(price, promptTokens, Limit - _used);
            var tokens = Math.Min(maxTokens, affordable);
            if (tokens < 1)
            {
                return new BudgetClaim(false, 0, 0, _window);
            }

            var micros = price.CostMicros(promptTokens, tokens);
            _used += micros;
            return new BudgetClaim(true, micros, tokens, _window);
        }
    }

    /// <summary>
    /// Reserves prompt + <paramref name="maxTokens"/> tokens, or — when the remainder cannot hold all of them —
    /// prompt + as many output tokens as remain (at least one).
    /// </summary>
    public BudgetClaim TryReserveTokens(long promptTokens, long maxTokens)
    {
        lock (this)
        {
            Roll();
            var tokens = Math.Min(maxTokens, Limit - _used - promptTokens);
            if (tokens < 1)
            {
                return new BudgetClaim(false, 0, 0, _window);
            }

            _used += promptTokens + tokens;
            return new BudgetClaim(true, promptTokens + tokens, tokens, _window);
        }
    }

    /// <summary>
    /// Adds <paramref name="delta"/> (negative releases) to what was used in <paramref name="window"/>.
    /// A window that has already rolled over is left alone: its usage no longer counts.
    /// </summary>
    public void Adjust(BudgetWindow window, long delta)
    {
        lock (this)
        {
            Roll();
            if (window == _window)
            {
                _used = Math.Max(0, _used + delta);
            }
        }
    }

    /// <summary>The budget now.</summary>
    public BudgetState Snapshot()
    {
        lock (this)
        {
            Roll();
            return new BudgetState(Limit, _used, _window);
        }
    }

    private void Roll()
    {
        var now = _time.GetUtcNow();
        if (now >= _window.End)
        {
            _window = BudgetWindow.For(Period, now);
            _used = 0;
        }
    }
}
