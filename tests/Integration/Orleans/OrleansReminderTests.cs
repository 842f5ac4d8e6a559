using GatoLink.Integration.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Hosting;
using Orleans.Runtime;

namespace GatoLink.Integration.Tests.Orleans;

/// <summary>Our 0006 migration against the real Orleans ADO.NET reminder table.</summary>
[Collection(PostgresCollection.Name)]
public sealed class OrleansReminderTests(PostgresFixture postgres)
{
    [Fact]
    public async Task GrainRegistersListsReceivesAndUnregistersReminders()
    {
        await using var db = await OrleansDatabase.CreateAsync(postgres);
        await using var silo = await OrleansTestSilo.StartAsync(db.ConnectionString, "reminders", "svc", "silo-1",
            s => s.Configure<ReminderOptions>(o => o.MinimumReminderPeriod = TimeSpan.FromSeconds(1)));

        var grain = silo.Grains.GetGrain<IReminderTestGrain>($"r-{Guid.NewGuid():N}");
        await grain.RegisterAsync("fast", TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
        await grain.RegisterAsync("slow", TimeSpan.FromHours(1), TimeSpan.FromDays(30)); // period beyond int milliseconds

        Assert.Equal(["fast", "slow"], await grain.ListAsync());
        var rows = await db.RowsAsync("SELECT ReminderName, Period, Version FROM OrleansRemindersTable ORDER BY ReminderName");
        Assert.Equal(["fast", 1000L, 1], rows[0]);
        Assert.Equal(["slow", (long)TimeSpan.FromDays(30).TotalMilliseconds, 1], rows[1]);

        await Eventually.TrueAsync(async () => await grain.TicksAsync("fast") >= 2, TimeSpan.FromSeconds(60), "two ticks of the 1 s reminder");

        Assert.True(await grain.UnregisterAsync("fast"));
        Assert.Equal(["slow"], await grain.ListAsync());
        Assert.True(await grain.UnregisterAsync("slow"));
        Assert.Empty(await grain.ListAsync());
        Assert.Equal(0L, await db.ScalarAsync<long>("SELECT count(*) FROM OrleansRemindersTable"));
    }

    [Fact]
    public async Task TableReadsRingRangesAndChecksEtags()
    {
        await using var db = await OrleansDatabase.CreateAsync(postgres);
        await using var silo = await OrleansTestSilo.StartAsync(db.ConnectionString, "ranges", "svc", "silo-1");
        var table = silo.Services.GetRequiredService<IReminderTable>();
        await table.StartAsync(CancellationToken.None);
        await table.TestOnlyClearTable();

        var type = GrainType.Create("reminded");
        var grains = Enumerable.Range(0, 200)
            .Select(i => GrainId.Create(type, GrainIdKeyExtensions.CreateIntegerKey(i)))
            .ToList();
        var start = new DateTime(2026, 11, 29, 12, 0, 0, DateTimeKind.Utc);
        var etags = new Dictionary<GrainId, string>();
        foreach (var grain in grains)
        {
            var etag = await table.UpsertRow(new ReminderEntry
            {
                GrainId = grain,
                ReminderName = "tick",
                StartAt = start,
                Period = TimeSpan.FromMinutes(5),
            });
            Assert.NotNull(etag);
            etags[grain] = etag;
        }

        // Hashes cover both signs of the int cast, so the ranges below cross the int boundary too.
        var hashes = grains.Select(g => g.GetUniformHashCode()).ToList();
        Assert.Contains(hashes, h => h > int.MaxValue);
        Assert.Contains(hashes, h => h <= int.MaxValue);

        var sorted = hashes.Order().ToList();
        (uint Begin, uint End)[] ranges =
        [
            (sorted[10], sorted[50]),              // plain
            (sorted[150], sorted[20]),             // wraps past uint.MaxValue
            (0x7FFFFFF0u, 0x80000010u),            // crosses the int sign boundary, not the uint one
            (0x7FFF0000u, sorted[5]),              // wraps both ways
            (sorted[0] - 1, sorted[^1]),           // almost everything
            (sorted[42], sorted[42]),              // begin == end: the whole ring
            (0, uint.MaxValue),
            (uint.MaxValue, 0),
        ];
        foreach (var (begin, end) in ranges)
        {
            var expected = grains.Where(g => InRing(g.GetUniformHashCode(), begin, end)).Select(g => g.ToString()).Order().ToList();
            var actual = (await table.ReadRows(begin, end)).Reminders.Select(r => r.GrainId.ToString()).Order().ToList();
            Assert.True(expected.SequenceEqual(actual), $"range ({begin:X8}, {end:X8}]: expected {expected.Count} rows, got {actual.Count}");
        }

        var one = grains[17];
        var row = await table.ReadRow(one, "tick");
        Assert.NotNull(row);
        Assert.Equal(one, row.GrainId);
        Assert.Equal(start, row.StartAt);
        Assert.Equal(DateTimeKind.Utc, row.StartAt.Kind);
        Assert.Equal(TimeSpan.FromMinutes(5), row.Period);
        Assert.Equal(etags[one], row.ETag);
        Assert.Null(await table.ReadRow(one, "other"));
        Assert.Single((await table.ReadRows(one)).Reminders);

        // Re-registering changes the etag; the old etag can no longer remove the row.
        var newEtag = await table.UpsertRow(new ReminderEntry
        {
            GrainId = one,
            ReminderName = "tick",
            StartAt = new DateTime(start.Ticks, DateTimeKind.Unspecified), // the provider treats Unspecified as UTC
            Period = TimeSpan.FromDays(40),
        });
        Assert.NotEqual(etags[one], newEtag);
        var reread = await table.ReadRow(one, "tick");
        Assert.Equal(TimeSpan.FromDays(40), reread!.Period);
        Assert.Equal(start, reread.StartAt);
        Assert.False(await table.RemoveRow(one, "tick", etags[one]));
        Assert.NotNull(await table.ReadRow(one, "tick"));
        Assert.True(await table.RemoveRow(one, "tick", newEtag!));
        Assert.Null(await table.ReadRow(one, "tick"));
        Assert.False(await table.RemoveRow(one, "tick", newEtag!));

        // Another service's reminders are invisible and survive this service's clear.
        await db.ExecuteAsync(
            "INSERT INTO OrleansRemindersTable (ServiceId, GrainId, ReminderName, StartTime, Period, GrainHash, Version) " +
            "SELECT 'other', GrainId, ReminderName, StartTime, Period, GrainHash, Version FROM OrleansRemindersTable");
        Assert.Equal(grains.Count - 1, (await table.ReadRows(0, 0)).Reminders.Count);
        await table.TestOnlyClearTable();
        Assert.Empty((await table.ReadRows(0, 0)).Reminders);
        Assert.Equal(grains.Count - 1, (int)await db.ScalarAsync<long>("SELECT count(*) FROM OrleansRemindersTable"));
    }

    // (begin, end] on the uint ring; begin == end is the whole ring.
    private static bool InRing(uint hash, uint begin, uint end) =>
        begin < end ? hash > begin && hash <= end : hash > begin || hash <= end;
}
