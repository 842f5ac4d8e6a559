namespace GatoLink.Grains.Quotas;

/// <summary>One UTC day or month: [<see cref="Start"/>, <see cref="End"/>).</summary>
/// <param name="Start">Inclusive start, UTC.</param>
/// <param name="End">Exclusive end, UTC; the budget's <c>resets_at</c>.</param>
public readonly record struct BudgetWindow(DateTimeOffset Start, DateTimeOffset End)
{
    /// <summary>The window of <paramref name="period"/> that contains <paramref name="instant"/>.</summary>
    public static BudgetWindow For(BudgetPeriod period, DateTimeOffset instant)
    {
        var utc = instant.ToUniversalTime();
        return period switch
        {
            BudgetPeriod.Day => Day(utc),
            BudgetPeriod.Month => Month(utc),
            _ => throw new ArgumentOutOfRangeException(nameof(period), period, null),
        };
    }

    /// <summary>Whether <paramref name="instant"/> falls inside the window.</summary>
    public bool Contains(DateTimeOffset instant) => instant >= Start && instant < End;

    /// <summary>Time from <paramref name="now"/> to <see cref="End"/> (zero if past).</summary>
    public TimeSpan TimeToReset(DateTimeOffset now) => End > now ? End - now : TimeSpan.Zero;

    private static BudgetWindow Day(DateTimeOffset utc)
    {
        var start = new DateTimeOffset(utc.Year, utc.Month, utc.Day, 0, 0, 0, TimeSpan.Zero);
        return new BudgetWindow(start, start.AddDays(1));
    }

    private static BudgetWindow Month(DateTimeOffset utc)
    {
        var start = new DateTimeOffset(utc.Year, utc.Month, 1, 0, 0, 0, TimeSpan.Zero);
        return new BudgetWindow(start, start.AddMonths(1));
    }
}
