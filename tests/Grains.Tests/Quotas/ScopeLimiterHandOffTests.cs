using GatoLink.Grains.Abstractions.Keys;
using GatoLink.Grains.Abstractions.Model;
using GatoLink.Grains.Abstractions.Quotas;
using GatoLink.Grains.Quotas;

namespace GatoLink.Grains.Tests.Quotas;

/// <summary>A limiter saved by one activation and restored by the next, on another silo with its own clock.</summary>
public sealed class ScopeLimiterHandOffTests
{
    // 1 micro-dollar per token both ways: 10 prompt + 40 max_tokens reserve 50 micros.
    private static readonly ModelPrice Price = new("m", 1_000_000, 1_000_000, DateTimeOffset.UnixEpoch);
    private static readonly Limits KeyLimits = new(RequestsPerMinute: 10, TokensPerMinute: 1_000, DailyCostMicros: 10_000, MonthlyCostMicros: 100_000);

    [Fact]
    public void TheRestoredLimiterHasTheSameBudgetsBucketsAndOpenReservations()
    {
        var time = new FakeTimeProvider();
        var old = new ScopeLimiter(LimitScope.Key, KeyLimits, time);
        var settled = old.Admit(Request());
        var open = old.Admit(Request());
        Assert.True(old.Settle(new Settlement(settled.ReservationId, 10, 20, 30)));

        var restored = ScopeLimiter.Restore(LimitScope.Key, old.Save(), new FakeTimeProvider(time.GetUtcNow()));

        Assert.Equal(old.Read(), restored.Read());
        Assert.Equal(1, restored.OpenReservations);
        Assert.Equal(KeyLimits, restored.Limits);
        // The open reservation settles by difference on the restored counters: 30 + 25 spent.
        Assert.True(restored.Settle(new Settlement(open.ReservationId, 10, 15, 25)));
        Assert.Equal(55, restored.Read().Single(r => r.Kind == LimitKind.DailyCost).Used);
        Assert.Equal(0, restored.OpenReservations);
    }

    [Fact]
    public void BucketsRefillForTheTimeBetweenSaveAndRestore()
    {
        var time = new FakeTimeProvider();
        var old = new ScopeLimiter(LimitScope.Key, new Limits(RequestsPerMinute: 10), time);
        for (var i = 0; i < 10; i++)
        {
            Assert.True(old.Admit(Request()).Admitted);
        }

        var saved = old.Save();
        var later = new FakeTimeProvider(time.GetUtcNow() + TimeSpan.FromSeconds(12));
        var restored = ScopeLimiter.Restore(LimitScope.Key, saved, later);

        // 12 s at 10 a minute gave back two requests, not a full bucket.
        Assert.Equal(2, restored.Read().Single(r => r.Kind == LimitKind.Requests).Remaining);
        Assert.True(restored.Admit(Request()).Admitted);
        Assert.True(restored.Admit(Request()).Admitted);
        Assert.False(restored.Admit(Request()).Admitted);
    }

    [Fact]
    public void ADayThatEndedBeforeTheRestoreStartsTheNewDayEmptyAndKeepsTheMonth()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 15, 23, 59, 59, TimeSpan.Zero));
        var old = new ScopeLimiter(LimitScope.Key, KeyLimits, time);
        var admitted = old.Admit(Request());
        Assert.True(old.Settle(new Settlement(admitted.ReservationId, 10, 20, 30)));

        var nextDay = new FakeTimeProvider(new DateTimeOffset(2026, 3, 16, 0, 0, 1, TimeSpan.Zero));
        var restored = ScopeLimiter.Restore(LimitScope.Key, old.Save(), nextDay);

        Assert.Equal(0, restored.Read().Single(r => r.Kind == LimitKind.DailyCost).Used);
        Assert.Equal(30, restored.Read().Single(r => r.Kind == LimitKind.MonthlyCost).Used);
    }

    [Fact]
    public void NewLimitsAppliedAfterTheRestoreKeepTheCounts()
    {
        var time = new FakeTimeProvider();
        var old = new ScopeLimiter(LimitScope.Key, KeyLimits, time);
        var open = old.Admit(Request());

        var restored = ScopeLimiter.Restore(LimitScope.Key, old.Save(), time);
        restored.Apply(KeyLimits with { DailyCostMicros = 20_000 });

        var daily = restored.Read().Single(r => r.Kind == LimitKind.DailyCost);
        Assert.Equal(20_000, daily.Limit);
        Assert.Equal(50, daily.Used);
        Assert.True(restored.Settle(new Settlement(open.ReservationId, 10, 15, 25)));
        Assert.Equal(25, restored.Read().Single(r => r.Kind == LimitKind.DailyCost).Used);
    }

    private static AdmitRequest Request() => new(10, 40, Price, TenantLimited: false);
}
