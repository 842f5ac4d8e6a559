using GatoLink.Grains.Quotas;

namespace GatoLink.Grains.Tests.Quotas;

public sealed class BudgetWindowTests
{
    private static DateTimeOffset Utc(int y, int mo, int d, int h = 0, int mi = 0, int s = 0) => new(y, mo, d, h, mi, s, TimeSpan.Zero);

    [Fact]
    public void DayRunsFromUtcMidnightToUtcMidnight()
    {
        var window = BudgetWindow.For(BudgetPeriod.Day, Utc(2026, 3, 31, 23, 59, 59));
        Assert.Equal(Utc(2026, 3, 31), window.Start);
        Assert.Equal(Utc(2026, 4, 1), window.End);
    }

    [Fact]
    public void MonthRunsFromTheFirstToTheNextFirst()
    {
        Assert.Equal(new BudgetWindow(Utc(2026, 12, 1), Utc(2027, 1, 1)), BudgetWindow.For(BudgetPeriod.Month, Utc(2026, 12, 31, 23, 59, 59)));
        Assert.Equal(new BudgetWindow(Utc(2028, 2, 1), Utc(2028, 3, 1)), BudgetWindow.For(BudgetPeriod.Month, Utc(2028, 2, 29, 12)));
    }

    [Fact]
    public void NonUtcInstantsUseTheUtcCalendar()
    {
        // 01:30 at +02:00 is 23:30 UTC the day before.
        var instant = new DateTimeOffset(2026, 4, 1, 1, 30, 0, TimeSpan.FromHours(2));
        Assert.Equal(Utc(2026, 3, 31), BudgetWindow.For(BudgetPeriod.Day, instant).Start);
        Assert.Equal(Utc(2026, 3, 1), BudgetWindow.For(BudgetPeriod.Month, instant).Start);
    }

    [Fact]
    public void MidnightBelongsToTheNewDay()
    {
        var window = BudgetWindow.For(BudgetPeriod.Day, Utc(2026, 4, 1));
        Assert.Equal(Utc(2026, 4, 1), window.Start);
        Assert.True(window.Contains(Utc(2026, 4, 1)));
        Assert.False(window.Contains(Utc(2026, 4, 2)));
        Assert.Equal(TimeSpan.FromHours(24), window.TimeToReset(Utc(2026, 4, 1)));
    }
}
