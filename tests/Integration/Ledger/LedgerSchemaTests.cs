using GatoLink.Grains.Abstractions.Storage;
using GatoLink.Grains.Billing;
using GatoLink.Integration.Tests.Infrastructure;
using GatoLink.Silo.Ledger;
using GatoLink.PerSilo.Billing;

namespace GatoLink.Integration.Tests.Ledger;

[Collection(PostgresCollection.Name)]
public sealed class LedgerSchemaTests(PostgresFixture postgres)
{
    [Fact]
    public async Task EventsOutsideExistingPartitionsGetTheirMonthCreatedByTheWriter()
    {
        await using var harness = await LedgerHarness.CreateAsync(StorageKind.PostgreSql, postgres);
        var old = new DateTimeOffset(2024, 3, 15, 12, 0, 0, TimeSpan.Zero);
        var future = new DateTimeOffset(2031, 7, 1, 0, 0, 0, TimeSpan.Zero);
        var inserted = await harness.Store.WriteAsync([LedgerSamples.Event(1, old), LedgerSamples.Event(2, future)], CancellationToken.None);
        Assert.Equal(2, inserted.Count);
        Assert.Contains("usage_events_p202403", await PartitionsAsync(harness));
        Assert.Contains("usage_events_p203107", await PartitionsAsync(harness));
    }

    [Fact]
    public async Task RetentionDropsOldRawPartitionsAndKeepsTheRollups()
    {
        await using var harness = await LedgerHarness.CreateAsync(StorageKind.PostgreSql, postgres);
        var old = new DateTimeOffset(2025, 1, 10, 0, 0, 0, TimeSpan.Zero);
        var recent = new DateTimeOffset(2026, 11, 10, 0, 0, 0, TimeSpan.Zero);
        await harness.Store.WriteAsync(LedgerSamples.Events(50, old), CancellationToken.None);
        await harness.Store.WriteAsync(LedgerSamples.Events(30, recent).Select(e => e with { EventId = Guid.NewGuid() }).ToList(), CancellationToken.None);

        var dropped = await harness.Store.DropRawBeforeAsync(new DateTimeOffset(2025, 11, 22, 0, 0, 0, TimeSpan.Zero), CancellationToken.None);

        Assert.Equal(1, dropped);
        Assert.DoesNotContain("usage_events_p202501", await PartitionsAsync(harness));
        Assert.Equal((30L, 30L), await harness.CountAsync());
        var rows = await harness.Store.QueryAsync(new UsageQuery(new DateOnly(2025, 1, 1), new DateOnly(2026, 12, 31), UsageGrouping.Day, null, null), CancellationToken.None);
        Assert.Equal([("2025-01-10", 50L), ("2026-11-10", 30L)], rows.Select(r => (r.Group, r.Requests)));
    }

    [Theory]
    [InlineData(StorageKind.PostgreSql)]
    [InlineData(StorageKind.Sqlite)]
    public async Task ARepeatedBatchInsertsNothingAndAddsNothingToTheRollups(StorageKind kind)
    {
        await using var harness = await LedgerHarness.CreateAsync(kind, postgres);
        var events = LedgerSamples.Events(300, new DateTimeOffset(2026, 11, 22, 1, 0, 0, TimeSpan.Zero));
        Assert.Equal(300, (await harness.Store.WriteAsync(events, CancellationToken.None)).Count);
        Assert.Empty(await harness.Store.WriteAsync(events, CancellationToken.None));
        Assert.Equal(100, (await harness.Store.WriteAsync([.. events.Take(50), .. LedgerSamples.Events(400, new DateTimeOffset(2026, 11, 22, 2, 0, 0, TimeSpan.Zero)).Skip(300)], CancellationToken.None)).Count);
        var day = new DateOnly(2026, 11, 22);
        var byModel = Assert.Single(await harness.Store.QueryAsync(new UsageQuery(day, day, UsageGrouping.Model, LedgerSamples.Tenant, null), CancellationToken.None));
        Assert.Equal("demo-8b", byModel.Group);
        Assert.Equal(400, byModel.Requests);
        Assert.Empty(await harness.Store.QueryAsync(new UsageQuery(day, day, UsageGrouping.Model, LedgerSamples.OtherTenant, null), CancellationToken.None));
    }

    private static async Task<List<string>> PartitionsAsync(LedgerHarness harness)
    {
        await using var connection = await harness.Provider.OpenConnectionAsync(CancellationToken.None);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'usage_events'::regclass";
        var names = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }
}
