using System.Diagnostics;
using System.Text;
using GatoLink.Grains.Abstractions.Storage;
using GatoLink.Grains.Billing;
using GatoLink.Integration.Tests.Infrastructure;
using GatoLink.Silo.Ledger;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using GatoLink.PerSilo.Billing;

namespace GatoLink.Integration.Tests.Ledger;

/// <summary>
/// A damaged spool or a full disk: the silo keeps serving, says so in a log line and a metric, and sets the damaged
/// part aside (the file, or the rows) instead of dropping it.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class SpoolDamageTests(PostgresFixture postgres)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task ASpoolFileThatIsNotADatabaseIsSetAsideAndTheSiloKeepsServingAndBilling()
    {
        var data = Directory.CreateTempSubdirectory("gatolink-spool-damage-").FullName;
        var garbage = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("not a sqlite file, a damaged disk block. ", 200)));
        await File.WriteAllBytesAsync(Path.Combine(data, LedgerServiceCollectionExtensions.SpoolFileName), garbage);
        await using var nodes = await SimNodes.StartAsync(1, profile: "instant", timeScale: 1);
        var logs = new LogCapture();
        await using var silo = await SiloHarness.StartAsync(nodes.Urls, dataDirectory: data, configureServices: s => s.AddSingleton<ILoggerProvider>(logs));
        try
        {
            var key = await silo.CreateUserKeyAsync();
            using var http = silo.Http(key);
            for (var i = 0; i < 5; i++)
            {
                using var response = await http.PostAsync("v1/chat/completions", Chat(i));
                Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
            }

            var forwarder = silo.Services.GetRequiredService<UsageForwarder>();
            await forwarder.DrainAsync(new CancellationTokenSource(Patience).Token);
            Assert.Equal(5, await BilledTodayAsync(silo));

            var moved = Assert.Single(Directory.GetFiles(data, LedgerServiceCollectionExtensions.SpoolFileName + ".corrupt-*"));
            Assert.Equal(garbage, await File.ReadAllBytesAsync(moved));
            var line = Assert.Single(logs.Lines, l => l.EventId == 3011);
            Assert.Equal(LogLevel.Critical, line.Level);
            Assert.Contains(moved, line.Message, StringComparison.Ordinal);
            Assert.Contains("\ngatolink_ledger_spool_failures{reason=\"corrupt\"} 1", await MetricsAsync(silo), StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    [Fact]
    public async Task DamagedSpoolRowsAreQuarantinedNotDroppedAndTheRestIsBilled()
    {
        var data = Directory.CreateTempSubdirectory("gatolink-spool-rows-").FullName;
        var spoolPath = Path.Combine(data, LedgerServiceCollectionExtensions.SpoolFileName);
        var now = DateTimeOffset.UtcNow;
        var events = Enumerable.Range(0, 3).Select(i => LedgerSamples.Event(i, now.AddMilliseconds(i))).ToList();
        await using (var spool = new UsageSpool(spoolPath))
        {
            foreach (var e in events)
            {
                await spool.AppendAsync(e);
            }
        }

        // A torn write or a bad block: the second row no longer decodes.
        await using (var raw = new SqliteConnection($"Data Source={spoolPath};Pooling=False"))
        {
            await raw.OpenAsync();
            await using var damage = raw.CreateCommand();
            damage.CommandText = "UPDATE spool SET payload = '{\"event_id\": \"6a1f8c2e-00' WHERE seq = 2";
            Assert.Equal(1, await damage.ExecuteNonQueryAsync());
        }

        await using var nodes = await SimNodes.StartAsync(1, profile: "instant", timeScale: 1);
        var logs = new LogCapture();
        await using var silo = await SiloHarness.StartAsync(nodes.Urls, dataDirectory: data, configureServices: s => s.AddSingleton<ILoggerProvider>(logs));
        try
        {
            await silo.Services.GetRequiredService<UsageForwarder>().DrainAsync(new CancellationTokenSource(Patience).Token);
            var day = DateOnly.FromDateTime(now.UtcDateTime);
            var rows = await silo.Services.GetRequiredService<IUsageQueries>().QueryAsync(new UsageQuery(day, day, UsageGrouping.Day, LedgerSamples.Tenant, null), CancellationToken.None);
            Assert.Equal(2, Assert.Single(rows).Requests);
            Assert.Equal(1, silo.Services.GetRequiredService<UsageSpool>().CountQuarantined());
            var line = Assert.Single(logs.Lines, l => l.EventId == 3010);
            Assert.Equal(LogLevel.Error, line.Level);
            Assert.Contains("\ngatolink_ledger_spool_quarantined 1", await MetricsAsync(silo), StringComparison.Ordinal);

            // Still serving.
            using var http = silo.Http(await silo.CreateUserKeyAsync());
            using var response = await http.PostAsync("v1/chat/completions", Chat(0));
            Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        }
        finally
        {
            await silo.DisposeAsync();
            Directory.Delete(data, recursive: true);
        }
    }

    [Fact]
    public async Task AFullSpoolKeepsEveryPublishGoingAndTheLedgerGetsEveryEventOnce()
    {
        await using var harness = await LedgerHarness.CreateAsync(StorageKind.PostgreSql, postgres);
        var stream = harness.Stream();
        // 64 KiB of spool: a few hundred events, then SQLite answers "database or disk is full".
        var forwarder = LedgerHarness.Forwarder(harness.OpenSpool(maxBytes: 65_536), stream, batchSize: 200);
        await forwarder.StartAsync(CancellationToken.None);
        stream.Refusing = true;
        var events = LedgerSamples.Events(2_000, DateTimeOffset.UtcNow);
        foreach (var e in events)
        {
            // Never throws: a request in flight is not failed because the disk is full.
            await forwarder.PublishAsync(e, CancellationToken.None);
        }

        Assert.True(forwarder.Spooled > 0, "some events should have fitted in the spool");
        // Events held in memory are counted while they wait: the batch the publisher is trying to send (and failing,
        // the stream refuses) is back in the queue between its tries. Every event is in one place or the other.
        var held = Stopwatch.StartNew();
        while (forwarder.Spooled + forwarder.Unspooled != 2_000 && held.Elapsed < Patience)
        {
            await Task.Delay(10);
        }

        Assert.True(forwarder.Unspooled > 0, "the spool should have filled up");
        Assert.Equal(2_000, forwarder.Spooled + forwarder.Unspooled);

        stream.Refusing = false;
        await forwarder.DrainAsync(new CancellationTokenSource(Patience).Token);
        await forwarder.StopAsync(CancellationToken.None);
        // The events held in memory are not acknowledged (they were never spooled): the ledger has them shortly after the
        // stream took them, so the count is awaited rather than read once.
        var billing = Stopwatch.StartNew();
        var count = await harness.CountAsync();
        while (count != (2_000L, 2_000L) && billing.Elapsed < Patience)
        {
            await Task.Delay(20);
            count = await harness.CountAsync();
        }

        Assert.Equal((2_000L, 2_000L), count);
    }

    private static StringContent Chat(int i) =>
        new($$"""{"model":"demo-8b","messages":[{"role":"user","content":"spool {{i}}"}],"max_tokens":4}""", Encoding.UTF8, "application/json");

    private static async Task<long> BilledTodayAsync(SiloHarness silo)
    {
        var day = DateOnly.FromDateTime(DateTime.UtcNow);
        var rows = await silo.Services.GetRequiredService<IUsageQueries>().QueryAsync(new UsageQuery(day.AddDays(-1), day, UsageGrouping.Day, null, null), CancellationToken.None);
        return rows.Sum(r => r.Requests);
    }

    private static async Task<string> MetricsAsync(SiloHarness silo)
    {
        using var http = new HttpClient { BaseAddress = silo.BaseUrl };
        return await http.GetStringAsync(new Uri("metrics", UriKind.Relative));
    }
}
