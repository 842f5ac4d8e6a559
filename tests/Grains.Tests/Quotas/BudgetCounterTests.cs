using GatoLink.Grains.Quotas;

namespace GatoLink.Grains.Tests.Quotas;

public sealed class BudgetCounterTests
{
    [Fact]
    public void RefusesAtTheLimit()
    {
        var counter = new BudgetCounter(100, BudgetPeriod.Day, new FakeTimeProvider());
        Assert.True(counter.TryReserve(60).Reserved);
        Assert.True(counter.TryReserve(40).Reserved);
        Assert.False(counter.TryReserve(1).Reserved);
        Assert.Equal(0, counter.Snapshot().Remaining);
    }

    [Fact]
    public void DailyBudgetRollsOverAtUtcMidnight()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 31, 23, 0, 0, TimeSpan.Zero));
        var counter = new BudgetCounter(100, BudgetPeriod.Day, time);
        Assert.True(counter.TryReserve(100).Reserved);

        time.Advance(TimeSpan.FromMinutes(60) - TimeSpan.FromTicks(1));
        Assert.False(counter.TryReserve(1).Reserved);

        time.Advance(TimeSpan.FromTicks(1));
        Assert.True(counter.TryReserve(100).Reserved);
        Assert.Equal(new DateTimeOffset(2026, 4, 2, 0, 0, 0, TimeSpan.Zero), counter.Snapshot().Window.End);
    }

    [Fact]
    public void MonthlyBudgetRollsOverAtTheMonthStart()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 31, 12, 0, 0, TimeSpan.Zero));
        var counter = new BudgetCounter(100, BudgetPeriod.Month, time);
        Assert.True(counter.TryReserve(100).Reserved);

        time.Advance(TimeSpan.FromHours(11));
        Assert.False(counter.TryReserve(1).Reserved);

        time.Advance(TimeSpan.FromHours(1));
        Assert.True(counter.TryReserve(1).Reserved);
        Assert.Equal(new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.Zero), counter.Snapshot().Window.Start);
    }

    [Fact]
    public void AdjustingAnOldWindowLeavesTheNewOneAlone()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 31, 23, 59, 0, TimeSpan.Zero));
        var counter = new BudgetCounter(100, BudgetPeriod.Day, time);
        var claim = counter.TryReserve(80);

        time.Advance(TimeSpan.FromMinutes(2));
        Assert.True(counter.TryReserve(10).Reserved);
        counter.Adjust(claim.Window, -80);

        Assert.Equal(10, counter.Snapshot().Used);
    }
}
