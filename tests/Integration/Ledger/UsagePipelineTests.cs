using GatoLink.Grains.Abstractions.Model;
using GatoLink.Grains.Abstractions.Storage;
using GatoLink.Grains.Abstractions.Usage;
using GatoLink.Grains.Billing;
using GatoLink.Grains.Models;
using GatoLink.Integration.Tests.Infrastructure;
using GatoLink.PerSilo.Billing;

namespace GatoLink.Integration.Tests.Ledger;

/// <summary>
/// The silo's usage path without a silo: <see cref="GatoLink.Silo.Ledger.UsageForwarder"/> over a real spool file,
/// a stand-in for the stream that delivers at least once, the real billing step and the real ledger.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class UsagePipelineTests(PostgresFixture postgres)
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 5, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData(StorageKind.PostgreSql)]
    [InlineData(StorageKind.Sqlite)]
    public async Task PublishedEventsAreWrittenExactlyOnceWithRollupsThatMatch(StorageKind kind)
    {
        await using var harness = await LedgerHarness.CreateAsync(kind, postgres);
        var observer = new CountingObserver();
        var grain = LedgerHarness.Forwarder(harness.OpenSpool(), harness.Stream(observer), observers: observer);
        await grain.StartAsync(CancellationToken.None);
        var events = LedgerSamples.Events(5_000, Now);
        await Task.WhenAll(events.Chunk(500).Select(chunk => Task.Run(async () =>
        {
            foreach (var e in chunk)
            {
                await grain.PublishAsync(e, CancellationToken.None);
            }
        })));

        // A retry of the same attempts (same event ids) must not count twice.
        foreach (var e in events.Take(700))
        {
            await grain.PublishAsync(e, CancellationToken.None);
        }

        await grain.DrainAsync(new CancellationTokenSource(Patience).Token);
        await grain.StopAsync(CancellationToken.None);

        Assert.Equal((5_000L, 5_000L), await harness.CountAsync());
        Assert.Equal(5_700, observer.Published);
        Assert.Equal(5_000, observer.Written);
        Assert.Equal(0, grain.Spooled);
        var raw = await harness.RawSumsAsync();
        Assert.Equal((events.Sum(e => (long)e.PromptTokens), events.Sum(e => (long)e.CompletionTokens), events.Sum(e => e.CostMicros)), raw);

        var day = DateOnly.FromDateTime(Now.UtcDateTime);
        var rows = await harness.Store.QueryAsync(new UsageQuery(day, day, UsageGrouping.Day, LedgerSamples.Tenant, null), CancellationToken.None);
        var row = Assert.Single(rows);
        Assert.Equal("2026-11-22", row.Group);
        Assert.Equal(5_000, row.Requests);
        Assert.Equal(raw, (row.PromptTokens, row.CompletionTokens, row.CostMicros));
        Assert.Equal(events.Count(e => e.Status is UsageStatus.UpstreamError or UsageStatus.Timeout), row.Errors);
        Assert.NotNull(row.P50TimeToFirstTokenMs);
        Assert.InRange(row.P50TimeToFirstTokenMs!.Value, 150, 300);
        Assert.InRange(row.P95TimeToFirstTokenMs!.Value, 300, 500);

        var byKey = await harness.Store.QueryAsync(new UsageQuery(day, day, UsageGrouping.Key, LedgerSamples.Tenant, null), CancellationToken.None);
        Assert.Equal(events.GroupBy(e => e.ApiKeyId).Select(g => (g.Key.ToString("D"), (long)g.Count())).OrderBy(x => x.Item1, StringComparer.Ordinal),
            byKey.Select(r => (r.Group, r.Requests)).OrderBy(x => x.Group, StringComparer.Ordinal));
    }

    [Fact]
    public async Task TwoSilosWritingTheSameEventsConcurrentlyStoreEachOnceAndCountItOnce()
    {
        await using var harness = await LedgerHarness.CreateAsync(StorageKind.PostgreSql, postgres);
        // Two writers over the same database (two silos, e.g. one replaying a spool the other already wrote),
        // overlapping batches in different orders: no deadlock, no double count.
        var other = new GatoLink.Silo.Ledger.PostgresLedgerStore(((GatoLink.Silo.Storage.PostgresStorageProvider)harness.Provider).DataSource);
        var events = LedgerSamples.Events(6_000, Now);
        var reversed = Enumerable.Reverse(events).ToList();
        var first = Task.Run(async () =>
        {
            foreach (var chunk in events.Chunk(250))
            {
                await harness.Store.WriteAsync(chunk, CancellationToken.None);
            }
        });
        var second = Task.Run(async () =>
        {
            foreach (var chunk in reversed.Chunk(400))
            {
                await other.WriteAsync(chunk, CancellationToken.None);
            }
        });
        await Task.WhenAll(first, second);

        Assert.Equal((6_000L, 6_000L), await harness.CountAsync());
        var day = DateOnly.FromDateTime(Now.UtcDateTime);
        var row = Assert.Single(await harness.Store.QueryAsync(new UsageQuery(day, day, UsageGrouping.Day, null, null), CancellationToken.None));
        Assert.Equal(6_000, row.Requests);
        Assert.Equal(events.Sum(e => e.CostMicros), row.CostMicros);
    }

    [Fact]
    public async Task AConsumerThatFailsAfterTheLedgerCommittedIsRedeliveredAndCountsNothingTwice()
    {
        await using var harness = await LedgerHarness.CreateAsync(StorageKind.PostgreSql, postgres);
        var observer = new CountingObserver();
        var stream = harness.Stream(observer);
        // Every one of the first five deliveries commits its batch to the ledger, then fails before acknowledging.
        stream.FailAfterWrite(5);
        var grain = LedgerHarness.Forwarder(harness.OpenSpool(), stream, batchSize: 100, observers: observer);
        await grain.StartAsync(CancellationToken.None);
        var events = LedgerSamples.Events(1_000, Now);
        foreach (var e in events)
        {
            await grain.PublishAsync(e, CancellationToken.None);
        }

        await grain.DrainAsync(new CancellationTokenSource(Patience).Token);
        await grain.StopAsync(CancellationToken.None);

        Assert.True(stream.Redeliveries >= 5, $"only {stream.Redeliveries} redeliveries");
        Assert.Equal((1_000L, 1_000L), await harness.CountAsync());
        Assert.Equal(1_000, observer.Written);
        var day = DateOnly.FromDateTime(Now.UtcDateTime);
        var row = Assert.Single(await harness.Store.QueryAsync(new UsageQuery(day, day, UsageGrouping.Day, null, null), CancellationToken.None));
        Assert.Equal(1_000, row.Requests);
        Assert.Equal(events.Sum(e => (long)e.CompletionTokens), row.CompletionTokens);
        Assert.Equal(events.Sum(e => e.CostMicros), row.CostMicros);
    }

    [Fact]
    public async Task AnUnacknowledgedBatchIsSentAgainAfterTheAckTimeoutAndCountedOnce()
    {
        await using var harness = await LedgerHarness.CreateAsync(StorageKind.PostgreSql, postgres);
        var stream = harness.Stream();
        // The stream gave up on the first batch after the ledger committed it (no redelivery, no ack): only the
        // spool's resend brings the acknowledgement that lets it forget the rows.
        var grain = LedgerHarness.Forwarder(harness.OpenSpool(), new LosingStream(stream, lose: 1), batchSize: 100, ackTimeout: TimeSpan.FromSeconds(1));
        await grain.StartAsync(CancellationToken.None);
        var events = LedgerSamples.Events(300, Now);
        foreach (var e in events)
        {
            await grain.PublishAsync(e, CancellationToken.None);
        }

        await grain.DrainAsync(new CancellationTokenSource(Patience).Token);
        await grain.StopAsync(CancellationToken.None);
        Assert.Equal((300L, 300L), await harness.CountAsync());
        var day = DateOnly.FromDateTime(Now.UtcDateTime);
        Assert.Equal(300, Assert.Single(await harness.Store.QueryAsync(new UsageQuery(day, day, UsageGrouping.Day, null, null), CancellationToken.None)).Requests);
    }

    [Fact]
    public async Task PostgresStoppedMidLoadLosesNoEventAndDoublesNone()
    {
        Assert.True(postgres.CanControlServer, "The fixture must control the server.");
        await using var harness = await LedgerHarness.CreateAsync(StorageKind.PostgreSql, postgres);
        var stream = harness.Stream();
        var grain = LedgerHarness.Forwarder(harness.OpenSpool(), stream, batchSize: 100);
        await grain.StartAsync(CancellationToken.None);
        var events = LedgerSamples.Events(3_000, Now);
        for (var i = 0; i < 1_000; i++)
        {
            await grain.PublishAsync(events[i], CancellationToken.None);
        }

        await postgres.StopServerAsync();
        try
        {
            // The stream's database is the same server: publishing fails too.
            stream.Refusing = true;
            for (var i = 1_000; i < 2_500; i++)
            {
                await grain.PublishAsync(events[i], CancellationToken.None);
            }

            Assert.True(grain.Spooled >= 1_500, $"only {grain.Spooled} events wait in the spool during the outage");
        }
        finally
        {
            await postgres.StartServerAsync();
            stream.Refusing = false;
        }

        for (var i = 2_500; i < 3_000; i++)
        {
            await grain.PublishAsync(events[i], CancellationToken.None);
        }

        await grain.DrainAsync(new CancellationTokenSource(Patience).Token);
        await grain.StopAsync(CancellationToken.None);
        Assert.Equal((3_000L, 3_000L), await harness.CountAsync());
        Assert.Equal(events.Sum(e => e.CostMicros), (await harness.RawSumsAsync()).Cost);
        var day = DateOnly.FromDateTime(Now.UtcDateTime);
        var row = Assert.Single(await harness.Store.QueryAsync(new UsageQuery(day, day, UsageGrouping.Day, null, null), CancellationToken.None));
        Assert.Equal(3_000, row.Requests);
    }

    [Fact]
    public async Task AKilledSiloLeavesEveryPublishedEventInTheSpoolAndTheNextStartBillsEachOnce()
    {
        await using var harness = await LedgerHarness.CreateAsync(StorageKind.PostgreSql, postgres);
        var events = LedgerSamples.Events(2_000, Now);

        // First life: every publish returned (each response could have been sent), then the process died before
        // its loop published anything.
        var firstSpool = harness.OpenSpool();
        var first = LedgerHarness.Forwarder(firstSpool, harness.Stream());
        foreach (var e in events)
        {
            await first.PublishAsync(e, CancellationToken.None);
        }

        Assert.Equal(2_000, first.Spooled);
        // It died mid-batch: the ledger committed part of a batch whose spool rows were never deleted.
        await harness.Store.WriteAsync(events.Skip(16).Take(500).ToList(), CancellationToken.None);
        await firstSpool.DisposeAsync();

        // Second life over the same spool file.
        var second = LedgerHarness.Forwarder(harness.OpenSpool(), harness.Stream());
        Assert.Equal(2_000, second.Spooled);
        await second.StartAsync(CancellationToken.None);
        await second.DrainAsync(new CancellationTokenSource(Patience).Token);
        await second.StopAsync(CancellationToken.None);

        Assert.Equal(0, second.Spooled);
        Assert.Equal((2_000L, 2_000L), await harness.CountAsync());
        var day = DateOnly.FromDateTime(Now.UtcDateTime);
        var row = Assert.Single(await harness.Store.QueryAsync(new UsageQuery(day, day, UsageGrouping.Day, null, null), CancellationToken.None));
        Assert.Equal(2_000, row.Requests);
        Assert.Equal(events.Sum(e => e.CostMicros), row.CostMicros);
    }

    [Fact]
    public async Task GracefulStopWhilePostgresIsDownKeepsEverythingInTheSpoolForTheNextStart()
    {
        await using var harness = await LedgerHarness.CreateAsync(StorageKind.PostgreSql, postgres);
        var events = LedgerSamples.Events(1_500, Now);
        var firstSpool = harness.OpenSpool();
        var stream = harness.Stream();
        var first = LedgerHarness.Forwarder(firstSpool, stream, batchSize: 200);
        await first.StartAsync(CancellationToken.None);
        await postgres.StopServerAsync();
        try
        {
            stream.Refusing = true;
            foreach (var e in events)
            {
                await first.PublishAsync(e, CancellationToken.None);
            }

            await first.StopAsync(new CancellationTokenSource(TimeSpan.FromSeconds(10)).Token);
            Assert.Equal(1_500, first.Spooled);
        }
        finally
        {
            await postgres.StartServerAsync();
        }

        await firstSpool.DisposeAsync();
        var second = LedgerHarness.Forwarder(harness.OpenSpool(), harness.Stream());
        await second.StartAsync(CancellationToken.None);
        await second.DrainAsync(new CancellationTokenSource(Patience).Token);
        await second.StopAsync(CancellationToken.None);
        Assert.Equal((1_500L, 1_500L), await harness.CountAsync());
    }

    [Fact]
    public async Task PriceChangeMidRunLeavesEarlierEventsAtTheOldPrice()
    {
        await using var harness = await LedgerHarness.CreateAsync(StorageKind.PostgreSql, postgres);
        var prices = new PriceBook();
        var change = Now.AddHours(1);
        prices.Add(new ModelPrice("demo-8b", 1_000_000, 2_000_000, Now.AddDays(-1)));
        prices.Add(new ModelPrice("demo-8b", 3_000_000, 6_000_000, change));
        var grain = LedgerHarness.Forwarder(harness.OpenSpool(), harness.Stream());
        await grain.StartAsync(CancellationToken.None);
        var events = new List<UsageEvent>();
        for (var i = 0; i < 200; i++)
        {
            var at = Now.AddMinutes(i);
            var template = LedgerSamples.Event(i, at);
            var e = template with { CostMicros = prices.At(at)!.CostMicros(template.PromptTokens, template.CompletionTokens) };
            events.Add(e);
            await grain.PublishAsync(e, CancellationToken.None);
        }

        await grain.DrainAsync(new CancellationTokenSource(Patience).Token);
        await grain.StopAsync(CancellationToken.None);

        var before = events.Where(e => e.Timestamp < change).ToList();
        var after = events.Where(e => e.Timestamp >= change).ToList();
        Assert.All(before, e => Assert.Equal(e.PromptTokens + (2L * e.CompletionTokens), e.CostMicros));
        Assert.All(after, e => Assert.Equal((3L * e.PromptTokens) + (6L * e.CompletionTokens), e.CostMicros));
        await using var connection = await harness.Provider.OpenConnectionAsync(CancellationToken.None);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COALESCE(SUM(cost_micros), 0) FROM usage_events WHERE ts < @change";
        var p = command.CreateParameter();
        p.ParameterName = "change";
        p.Value = change.UtcDateTime;
        command.Parameters.Add(p);
        Assert.Equal(before.Sum(e => e.CostMicros), Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(events.Sum(e => e.CostMicros), (await harness.RawSumsAsync()).Cost);
    }

    private sealed class CountingObserver : IUsageObserver
    {
        private int _published;
        private int _written;

        public int Published => Volatile.Read(ref _published);

        public int Written => Volatile.Read(ref _written);

        public void OnPublished(UsageEvent usage) => Interlocked.Increment(ref _published);

        public void OnWritten(IReadOnlyList<UsageEvent> inserted) => Interlocked.Add(ref _written, inserted.Count);
    }
}
