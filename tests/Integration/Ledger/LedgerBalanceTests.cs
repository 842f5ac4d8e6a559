using GatoLink.Grains.Billing;
using GatoLink.Integration.Tests.Infrastructure;
using GatoLink.Grains.Abstractions.Storage;
using GatoLink.Silo.Ledger;
using Microsoft.Data.Sqlite;

namespace GatoLink.Integration.Tests.Ledger;

/// <summary>
/// What budgets are rebuilt from: the ledger's usage before a moment per budget window (<see cref="ILedgerBalances"/>),
/// and a silo's mark — the time before which everything it recorded is in the ledger.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class LedgerBalanceTests(PostgresFixture postgres)
{
    private static readonly DateTimeOffset Moment = new(2026, 11, 22, 5, 0, 0, 250, TimeSpan.Zero);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData(StorageKind.PostgreSql)]
    [InlineData(StorageKind.Sqlite)]
    public async Task SpentBeforeCountsTodayUpToTheMomentTheMonthsEarlierDaysAndTheLastMinuteForAKeyAndForItsTenant(StorageKind kind)
    {
        await using var harness = await LedgerHarness.CreateAsync(kind, postgres);
        var a = LedgerSamples.KeyA;
        var b = LedgerSamples.KeyB;
        await harness.Store.WriteAsync(
        [
            LedgerSamples.Event(1, Moment.AddHours(-5), 100, key: a),
            LedgerSamples.Event(2, Moment.AddMilliseconds(-1), 20, key: a),
            // At the moment and after: not "before".
            LedgerSamples.Event(3, Moment, 4_000, key: a),
            LedgerSamples.Event(4, Moment.AddSeconds(1), 4_000, key: a),
            // Earlier this month, and last month (another partition on PostgreSQL).
            LedgerSamples.Event(5, Moment.AddDays(-3), 300, key: a),
            LedgerSamples.Event(6, Moment.AddDays(-30), 50_000, key: a),
            // The tenant's other key, and another tenant.
            LedgerSamples.Event(7, Moment.AddHours(-1), 7, key: b),
            LedgerSamples.Event(8, Moment.AddHours(-1), 90_000, tenant: LedgerSamples.OtherTenant, key: Guid.NewGuid()),
        ], CancellationToken.None);

        var key = await harness.Store.SpentBeforeAsync(LedgerSamples.Tenant, a, Moment, CancellationToken.None);
        var tokens = TokensOf(1, 2) + TokensOf(5);
        // The minute before the moment (the rate buckets' seed): request 2 alone.
        Assert.Equal(new SpentTotals(120, 420, tokens, MinuteRequests: 1, MinuteTokens: TokensOf(2)), key);

        var tenant = await harness.Store.SpentBeforeAsync(LedgerSamples.Tenant, null, Moment, CancellationToken.None);
        Assert.Equal(new SpentTotals(127, 427, tokens + TokensOf(7), MinuteRequests: 1, MinuteTokens: TokensOf(2)), tenant);

        // A moment in the next month starts from nothing but that month.
        var nextMonth = await harness.Store.SpentBeforeAsync(LedgerSamples.Tenant, a, new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero), CancellationToken.None);
        Assert.Equal(default, nextMonth);
    }

    [Fact]
    public async Task ASilosMarkIsItsOldestUnbilledEventAndFollowsTheClockOnceEverythingIsBilled()
    {
        await using var harness = await LedgerHarness.CreateAsync(StorageKind.Sqlite, postgres);
        var stream = harness.Stream();
        var forwarder = LedgerHarness.Forwarder(harness.OpenSpool(), stream);
        await forwarder.StartAsync(CancellationToken.None);
        var idle = forwarder.BilledBefore();
        Assert.InRange(idle, DateTimeOffset.UtcNow - UsageForwarder.RecordingMargin - TimeSpan.FromSeconds(5), DateTimeOffset.UtcNow - UsageForwarder.RecordingMargin);

        // The stream's database is away: what is recorded waits in the spool and holds the mark at the oldest.
        stream.Refusing = true;
        await forwarder.PublishAsync(LedgerSamples.Event(1, Moment.AddSeconds(3)), CancellationToken.None);
        await forwarder.PublishAsync(LedgerSamples.Event(2, Moment), CancellationToken.None);
        await forwarder.PublishAsync(LedgerSamples.Event(3, Moment.AddSeconds(9)), CancellationToken.None);
        Assert.Equal(Moment, forwarder.BilledBefore());

        stream.Refusing = false;
        await forwarder.DrainAsync(new CancellationTokenSource(Patience).Token);
        Assert.True(forwarder.BilledBefore() >= idle, "once billed, the mark is the clock's again");
        await forwarder.StopAsync(CancellationToken.None);
        Assert.Equal((3L, 3L), await harness.CountAsync());
    }

    [Fact]
    public async Task ASpoolFromBeforeTimestampsWereKeptHoldsTheMarkUntilItsRowsAreBilled()
    {
        var directory = Path.Combine(Path.GetTempPath(), $"gatolink-oldspool-{Guid.NewGuid():N}");
        var path = Path.Combine(directory, LedgerServiceCollectionExtensions.SpoolFileName);
        Directory.CreateDirectory(directory);
        try
        {
            await using (var old = new SqliteConnection($"Data Source={path};Pooling=false"))
            {
                await old.OpenAsync();
                await using var create = old.CreateCommand();
                create.CommandText = "CREATE TABLE spool (seq INTEGER PRIMARY KEY AUTOINCREMENT, payload TEXT NOT NULL); INSERT INTO spool (payload) VALUES ('{}');";
                await create.ExecuteNonQueryAsync();
            }

            await using var spool = new UsageSpool(path);
            Assert.Equal(DateTimeOffset.MinValue, spool.OldestTimestamp());
            await spool.DeleteAsync(1, 1);
            Assert.Null(spool.OldestTimestamp());
            await spool.AppendAsync(LedgerSamples.Event(1, Moment));
            Assert.Equal(Moment, spool.OldestTimestamp());
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static long TokensOf(params int[] samples) =>
        samples.Sum(i => (long)LedgerSamples.Event(i, Moment).PromptTokens + LedgerSamples.Event(i, Moment).CompletionTokens);
}
