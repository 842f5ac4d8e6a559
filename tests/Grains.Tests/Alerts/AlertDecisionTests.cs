using GatoLink.Grains.Tests.Quotas;
using System.Text.Json.Nodes;
using GatoLink.Grains.Abstractions.Alerts;
using GatoLink.Grains.Abstractions.Quotas;
using GatoLink.Grains.Alerts;
using Microsoft.Extensions.Logging.Abstractions;

namespace GatoLink.Grains.Tests.Alerts;

/// <summary>What a key's grain raises after its settlements, on a clock the test moves.</summary>
public sealed class AlertDecisionTests
{
    private static readonly Guid Key = Guid.Parse("0b6f3c1e-5d7a-4f0e-9d1c-2a8b7c6d5e4f");
    private static readonly Guid Tenant = Guid.Parse("7d1e2f3a-4b5c-6d7e-8f90-a1b2c3d4e5f6");

    private static async Task<(GrainAlerts Alerts, RecordingOutbox Outbox)> AlertsAsync(AlertRules rules, TimeProvider time)
    {
        var outbox = new RecordingOutbox(rules);
        var alerts = new GrainAlerts(LimitScope.Key, Key, Tenant, new AlertServices(outbox, outbox), time, NullLogger.Instance);
        await alerts.LoadAsync(CancellationToken.None);
        return (alerts, outbox);
    }

    [Fact]
    public async Task ASpendSpikeOverTheFactorTimesTheTrailingHourlyAverageFiresOnceThatHour()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero));
        var (alerts, outbox) = await AlertsAsync(new AlertRules([50, 80, 100], AnomalyFactor: 5), time);

        // A steady week: 1,680 µUSD an hour, so the trailing 7-day hourly average is 1,680.
        for (var hour = 0; hour < 168; hour++)
        {
            await alerts.AfterSettleAsync(1_680, []);
            time.Advance(TimeSpan.FromHours(1));
        }

        Assert.Empty(outbox.Events);
        await alerts.AfterSettleAsync(8_000, []); // 4.8× the average: not yet
        Assert.Empty(outbox.Events);
        time.Advance(TimeSpan.FromMinutes(10));
        await alerts.AfterSettleAsync(500, []); // 8,500 > 5 × 1,680 = 8,400
        await alerts.AfterSettleAsync(9_000, []); // the same hour: already raised
        var anomaly = Assert.Single(outbox.Events);
        Assert.Equal(OutboxEventKind.SpendAnomaly, anomaly.Kind);
        Assert.Equal(8_500, (long)JsonNode.Parse(anomaly.Data)!["hour_spend_micros"]!);

        time.Advance(TimeSpan.FromHours(1));
        await alerts.AfterSettleAsync(1_000, []);
        Assert.Single(outbox.Events);
    }

    [Fact]
    public async Task NoAnomalyBeforeADayWatchedOrWithTheFactorOff()
    {
        var time = new FakeTimeProvider();
        var (alerts, outbox) = await AlertsAsync(new AlertRules([80], AnomalyFactor: 2), time);
        await alerts.AfterSettleAsync(1_000_000, []);
        for (var hour = 0; hour < HourlySpend.MinHistoryHours - 1; hour++)
        {
            time.Advance(TimeSpan.FromHours(1));
            await alerts.AfterSettleAsync(hour == 0 ? 1 : 10 * hour * hour, []); // growing, but less than a day watched
        }

        var (off, offOutbox) = await AlertsAsync(AlertRules.Default, time);
        time.Advance(TimeSpan.FromHours(1));
        await off.AfterSettleAsync(10, []);
        time.Advance(TimeSpan.FromHours(1));
        await off.AfterSettleAsync(1_000_000, []);

        Assert.Empty(outbox.Events);
        Assert.Empty(offOutbox.Events);
    }

    [Fact]
    public async Task EachThresholdFiresOncePerWindowAndAgainInTheNext()
    {
        var time = new FakeTimeProvider();
        var (alerts, outbox) = await AlertsAsync(AlertRules.Default, time);
        var today = time.GetUtcNow().Date.AddDays(1);
        LimitReading Daily(long used, DateTimeOffset resets) => new(LimitKind.DailyCost, 1_000, used, 1_000 - used, resets);

        await alerts.AfterSettleAsync(0, [Daily(499, today)]);
        Assert.Empty(outbox.Events);
        await alerts.AfterSettleAsync(0, [Daily(810, today)]);
        await alerts.AfterSettleAsync(0, [Daily(820, today)]);
        Assert.Equal([50, 80], Thresholds(outbox));
        await alerts.AfterSettleAsync(0, [Daily(50, today.AddDays(1))]); // the next day: 5 %
        await alerts.AfterSettleAsync(0, [Daily(1_000, today.AddDays(1))]);
        Assert.Equal([50, 50, 80, 80, 100], Thresholds(outbox));
    }

    private static List<int> Thresholds(RecordingOutbox outbox) =>
        [.. outbox.Events.Select(e => (int)JsonNode.Parse(e.Data)!["threshold_percent"]!).Order()];
}
