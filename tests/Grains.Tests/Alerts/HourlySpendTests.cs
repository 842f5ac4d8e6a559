using GatoLink.Grains.Abstractions.Alerts;
using GatoLink.Grains.Alerts;

namespace GatoLink.Grains.Tests.Alerts;

/// <summary>A key's spend anomaly is judged against the trailing week only: older hours no longer weigh on the average.</summary>
public sealed class HourlySpendTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void AnHourOlderThanTheTrailingWeekNoLongerRaisesTheAverage()
    {
        var spend = new HourlySpend(Guid.NewGuid(), Guid.NewGuid());
        Assert.Null(spend.Add(1_000_000, Start, factor: 2));
        for (var hour = 1; hour <= 200; hour++)
        {
            Assert.Null(spend.Add(10, Start.AddHours(hour), factor: 2));
        }

        // The trailing week (hours 33-200) averages 10 µUSD an hour: 25 is over twice that. Were hour 0 still counted,
        // the average would be about 6,000 and nothing would be raised.
        var anomaly = spend.Add(25, Start.AddHours(201).AddMinutes(5), factor: 2);

        Assert.Equal(OutboxEventKind.SpendAnomaly, anomaly?.Kind);
    }

    [Fact]
    public void SpendWithinTheHourAddsUpBeforeItIsJudged()
    {
        var spend = new HourlySpend(Guid.NewGuid(), Guid.NewGuid());
        for (var hour = 0; hour < HourlySpend.MinHistoryHours; hour++)
        {
            spend.Add(10, Start.AddHours(hour), factor: 3);
        }

        var now = Start.AddHours(HourlySpend.MinHistoryHours);
        Assert.Null(spend.Add(20, now, factor: 3));
        Assert.Null(spend.Add(10, now.AddMinutes(10), factor: 3));
        Assert.NotNull(spend.Add(1, now.AddMinutes(20), factor: 3)); // 31 > 3 × 10
    }
}
