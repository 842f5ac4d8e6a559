using GatoLink.Grains.Models;
using Microsoft.Extensions.Time.Testing;
using GatoLink.PerSilo.Scaling;

namespace GatoLink.Grains.Tests.Scaling;

public sealed class ScalingStabilizerTests
{
    private static readonly TimeSpan CoolDown = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan Tick = TimeSpan.FromSeconds(5);

    [Fact]
    public void A_rise_shows_at_once_and_a_fall_only_after_the_cool_down()
    {
        var clock = new FakeTimeProvider();
        var stabilizer = new ScalingStabilizer();
        Assert.Equal(1, stabilizer.Add(clock.GetUtcNow(), 1, CoolDown));
        clock.Advance(Tick);
        Assert.Equal(4, stabilizer.Add(clock.GetUtcNow(), 4, CoolDown));
        var raisedAt = clock.GetUtcNow();
        Assert.Equal(raisedAt, stabilizer.ChangedAt);

        // Idle readings: held at 4 for the whole cool-down, then 1.
        while (clock.GetUtcNow() - raisedAt < CoolDown)
        {
            clock.Advance(Tick);
            var published = stabilizer.Add(clock.GetUtcNow(), 1, CoolDown);
            Assert.Equal(clock.GetUtcNow() - raisedAt <= CoolDown ? 4 : 1, published);
        }

        clock.Advance(Tick);
        Assert.Equal(1, stabilizer.Add(clock.GetUtcNow(), 1, CoolDown));
        Assert.True(stabilizer.ChangedAt - raisedAt > CoolDown);
    }

    [Fact]
    public void Load_that_comes_and_goes_within_the_cool_down_never_lowers_the_recommendation()
    {
        var clock = new FakeTimeProvider();
        var stabilizer = new ScalingStabilizer();
        var published = new List<int>();
        // Busy for 30 s, idle for 60 s, over and over for an hour: the raw reading flaps 20 times per cycle.
        for (var t = TimeSpan.Zero; t < TimeSpan.FromHours(1); t += Tick)
        {
            var raw = t.TotalSeconds % 90 < 30 ? 3 : 1;
            published.Add(stabilizer.Add(clock.GetUtcNow(), raw, CoolDown));
            clock.Advance(Tick);
        }

        Assert.All(published, p => Assert.Equal(3, p));
    }

    [Fact]
    public void Queue_waits_p95_covers_the_last_minute_only()
    {
        var clock = new FakeTimeProvider();
        var waits = new QueueWaits(clock);
        Assert.Equal(0, waits.P95Seconds());
        for (var i = 1; i <= 100; i++)
        {
            waits.Add(TimeSpan.FromMilliseconds(i * 10));
        }

        Assert.Equal(0.95, waits.P95Seconds(), 6);
        clock.Advance(TimeSpan.FromSeconds(30));
        waits.Add(TimeSpan.FromSeconds(0.1));
        clock.Advance(TimeSpan.FromSeconds(31));
        Assert.Equal(0.1, waits.P95Seconds(), 6);
    }
}
