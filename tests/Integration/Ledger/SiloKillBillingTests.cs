using System.Collections.Concurrent;
using System.Diagnostics;
using GatoLink.Integration.Tests.Cluster;
using GatoLink.Integration.Tests.Infrastructure;
using Npgsql;
using Xunit.Abstractions;

namespace GatoLink.Integration.Tests.Ledger;

/// <summary>
/// Three silo processes on one PostgreSQL, streaming requests spread over them, one silo SIGKILLed 1.2 s in (and, for the
/// spool's test, started again on its data directory). Every response a client received in full is in the ledger exactly
/// once, with the tokens the client was told; nothing is billed twice or beyond what the node made.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class SiloKillBillingTests(PostgresFixture postgres, ITestOutputHelper output)
{
    private const int Requests = 240;
    private const int Concurrency = 24;
    private const int MaxTokens = 48;
    private const int Victim = 1;
    private const int MinimumFinishedBeforeKill = 8;
    private static readonly TimeSpan KillAt = TimeSpan.FromSeconds(1.2);
    private static readonly TimeSpan ReadyWithin = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan LedgerWithin = TimeSpan.FromSeconds(90);

    /// <summary>
    /// The silo is killed and never comes back: its clients' finished streams were written into the ledger (PostgreSQL)
    /// before their last byte, so every one of them is there at the moment of the kill.
    /// </summary>
    [Fact]
    public Task EveryStreamAClientFinishedOnASiloKilledForGoodIsInTheLedgerAtTheKill() =>
        KillAsync(directWrite: true, restart: false);

    /// <summary>
    /// The fallback: usage that goes through the silo's spool (as while PostgreSQL is away; here every event, and batches
    /// gather for two seconds before they are published) survives the kill and is billed by the next start on the same
    /// data directory.
    /// </summary>
    [Fact]
    public Task EveryStreamAClientFinishedOnASigkilledSiloIsBilledFromItsSpoolByTheNextStart() =>
        KillAsync(directWrite: false, restart: true);

    private async Task KillAsync(bool directWrite, bool restart)
    {
        var database = await postgres.CreateDatabaseAsync();
        await using var nodes = await SimNodes.StartAsync(1, profile: "h100-8b", timeScale: 1);
        var settings = directWrite
            ? new Dictionary<string, string>()
            : new Dictionary<string, string> { ["GatoLink__Ledger__DirectWrite"] = "false", ["GatoLink__Ledger__PublishInterval"] = "00:00:02" };
        await using var cluster = await ProcessCluster.StartAsync(database, nodes.Urls, 3, ReadyWithin, settings);
        try
        {
            var tenant = await cluster.CreateTenantAsync(cluster.Silos[0], "kill-" + Guid.NewGuid().ToString("N")[..8]);
            var (_, key) = await cluster.CreateKeyAsync(cluster.Silos[0], tenant, "streams", rpm: 1_000_000);
            await cluster.WaitUntilKnownEverywhereAsync([key], TimeSpan.FromSeconds(15));
            var silos = cluster.Silos.Select(s => s.BaseUrl).ToList();

            using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
            var warm = Stopwatch.StartNew();
            var warmUps = new List<StreamedRequest>();
            for (var s = 0; s < silos.Count; s++)
            {
                var first = await StreamingClient.SendAsync(http, silos[s], key, -1 - s, s, MaxTokens, warm);
                Assert.True(first.Finished, $"the warm-up stream on silo-{s} answered {first.Status} and did not finish");
                warmUps.Add(first);
            }

            var clock = Stopwatch.StartNew();
            var results = new ConcurrentBag<StreamedRequest>();
            var next = -1;
            var killed = 0;
            var workers = Enumerable.Range(0, Concurrency).Select(_ => Task.Run(async () =>
            {
                while (Interlocked.Increment(ref next) is var i && i < Requests)
                {
                    var silo = i % 3;
                    if (silo == Victim && Volatile.Read(ref killed) == 1)
                    {
                        // A balancer stops sending to a dead silo.
                        silo = (silo + 1 + (i % 2)) % 3;
                    }

                    results.Add(await StreamingClient.SendAsync(http, silos[silo], key, i, silo, MaxTokens, clock));
                }
            })).ToList();

            // 1.2 s in, once the victim has served a few streams in full (a cold, busy machine may need longer) and the
            // ledger still lacks one of them. Streams finish in waves and batches are published every PublishInterval,
            // so on a fast machine a fixed kill time can fall just after a publish that billed every finished stream.
            var waitedFor = Stopwatch.StartNew();
            while (true)
            {
                var finishedOnVictim = results.Where(r => r.Silo == Victim && r.Finished).Select(r => r.RequestId!).ToList();
                if (directWrite && clock.Elapsed >= KillAt && finishedOnVictim.Count >= MinimumFinishedBeforeKill)
                {
                    break;
                }

                if (!directWrite && clock.Elapsed >= KillAt && finishedOnVictim.Count >= MinimumFinishedBeforeKill)
                {
                    // Unbilled on two reads 200 ms apart: not a batch already on its way to the ledger.
                    var billedBefore = await SuccessRowsAsync(database);
                    await Task.Delay(200);
                    var billedNow = await SuccessRowsAsync(database);
                    if (finishedOnVictim.Any(id => !billedBefore.ContainsKey(id) && !billedNow.ContainsKey(id)))
                    {
                        break;
                    }
                }

                if (waitedFor.Elapsed > TimeSpan.FromSeconds(60))
                {
                    throw new TimeoutException($"silo-{Victim} finished {finishedOnVictim.Count} streams in 60 s, none of them waiting for the ledger; statuses: {string.Join(", ", results.GroupBy(r => r.Status).Select(g => $"{g.Key}: {g.Count()}"))}");
                }

                await Task.Delay(10);
            }

            cluster.Silos[Victim].Kill();
            var killedAt = clock.Elapsed;
            Volatile.Write(ref killed, 1);
            var finishedOnVictimAtKill = results.Where(r => r.Silo == Victim && r.Finished).Select(r => r.RequestId!).ToList();
            var billedAtKill = await SuccessRowsAsync(database);
            await Task.WhenAll(workers);

            var all = results.OrderBy(r => r.Index).ToList();
            var finished = all.Where(r => r.Finished).ToList();
            var victimFinished = finished.Where(r => r.Silo == Victim).ToList();
            var cut = all.Count(r => r.Silo == Victim && !r.Finished);
            var waitingAtKill = finishedOnVictimAtKill.Count(id => !billedAtKill.ContainsKey(id));
            Assert.NotEmpty(victimFinished);
            if (directWrite)
            {
                // Written before the last byte: what the killed silo's clients had received is in the ledger already.
                Assert.True(waitingAtKill == 0, $"{waitingAtKill} of the {finishedOnVictimAtKill.Count} streams the killed silo had finished were not in the ledger at the kill");
            }
            else
            {
                Assert.True(waitingAtKill > 0, "No finished stream of the killed silo was unbilled at the kill: the test did not exercise the spool.");
            }

            Assert.All(finished, r => Assert.NotNull(r.RequestId));
            Assert.All(finished, r => Assert.True(r.CompletionTokens > 0, $"request {r.Index} finished without a usage chunk"));

            // Before the restart: what the killed silo had served but not yet billed sits only in its spool.
            var billedBeforeRestart = await SuccessRowsAsync(database);
            var waiting = victimFinished.Count(r => !billedBeforeRestart.ContainsKey(r.RequestId!));
            output.WriteLine($"killed silo-{Victim} at {killedAt.TotalSeconds:0.00} s: it had finished {victimFinished.Count} streams for their clients, {cut} of its streams were cut; " +
                $"{waitingAtKill} finished ones were not in the ledger at the kill, {waiting} still not after the others finished (in its spool)");

            if (restart)
            {
                await cluster.RestartAsync(Victim, ReadyWithin);
            }

            var deadline = Stopwatch.StartNew();
            Dictionary<string, LedgerTotals> billed;
            while (true)
            {
                billed = await SuccessRowsAsync(database);
                if (finished.All(r => billed.ContainsKey(r.RequestId!)) || deadline.Elapsed > LedgerWithin)
                {
                    break;
                }

                await Task.Delay(200);
            }

            output.WriteLine("not finished (silo/status: count): " + string.Join(", ", all.Where(r => !r.Finished).GroupBy(r => (r.Silo, r.Status)).Select(g => $"{g.Key.Silo}/{g.Key.Status}: {g.Count()}")));
            output.WriteLine($"{(restart ? "after the restart" : "without a restart")}: {billed.Count} successful requests billed in {deadline.Elapsed.TotalSeconds:0.0} s; {finished.Count} of {Requests} streams finished for their clients");

            // Every finished response: exactly one successful ledger row, with what the client was told.
            var missing = finished.Where(r => !billed.ContainsKey(r.RequestId!)).ToList();
            Assert.True(missing.Count == 0, $"{missing.Count} finished streams are not in the ledger ({missing.Count(r => r.Silo == Victim)} on the killed silo): {string.Join(", ", missing.Take(5).Select(r => r.RequestId))}");
            foreach (var r in finished)
            {
                var row = billed[r.RequestId!];
                Assert.True(row.Rows == 1, $"request {r.RequestId} has {row.Rows} successful rows");
                Assert.Equal((r.PromptTokens, r.CompletionTokens), (row.Prompt, row.Completion));
            }

            // Nothing twice, nothing from elsewhere, nothing the node did not generate; rollups agree with raw rows.
            var check = await LedgerCheckAsync(database);
            Assert.Equal(0, check.RepeatedAttempts);
            var sent = all.Concat(warmUps).Where(r => r.RequestId is not null).Select(r => r.RequestId!).ToHashSet();
            Assert.All(check.RequestIds, id => Assert.Contains(id, sent));
            Assert.InRange(check.CompletionTokens, finished.Sum(r => (long)r.CompletionTokens), nodes.GenerationTokens);
            Assert.Equal((check.Rows, check.CompletionTokens, check.CostMicros), (check.RollupRequests, check.RollupCompletion, check.RollupCost));
        }
        catch (Exception ex) when (ex is not Xunit.Sdk.XunitException)
        {
            throw new InvalidOperationException($"{ex.Message}{Environment.NewLine}{Logs(cluster)}", ex);
        }
    }

    private static async Task<Dictionary<string, LedgerTotals>> SuccessRowsAsync(string database)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT request_id, count(*), sum(prompt_tokens), sum(completion_tokens) FROM usage_events WHERE status = 'success' GROUP BY request_id", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new Dictionary<string, LedgerTotals>();
        while (await reader.ReadAsync())
        {
            rows[reader.GetString(0)] = new LedgerTotals(reader.GetInt64(1), (int)reader.GetInt64(2), (int)reader.GetInt64(3));
        }

        return rows;
    }

    private static async Task<LedgerCheck> LedgerCheckAsync(string database)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            SELECT (SELECT count(*) FROM usage_events),
                   (SELECT coalesce(sum(completion_tokens), 0) FROM usage_events),
                   (SELECT coalesce(sum(cost_micros), 0) FROM usage_events),
                   (SELECT count(*) FROM (SELECT 1 FROM usage_events GROUP BY request_id, attempt HAVING count(*) > 1) r),
                   (SELECT coalesce(sum(requests), 0) FROM usage_daily),
                   (SELECT coalesce(sum(completion_tokens), 0) FROM usage_daily),
                   (SELECT coalesce(sum(cost_micros), 0) FROM usage_daily),
                   (SELECT array_agg(DISTINCT request_id) FROM usage_events)
            """, connection);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return new LedgerCheck(
            reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3),
            Convert.ToInt64(reader.GetValue(4), System.Globalization.CultureInfo.InvariantCulture),
            Convert.ToInt64(reader.GetValue(5), System.Globalization.CultureInfo.InvariantCulture),
            Convert.ToInt64(reader.GetValue(6), System.Globalization.CultureInfo.InvariantCulture),
            reader.IsDBNull(7) ? [] : reader.GetFieldValue<string[]>(7));
    }

    private static string Logs(ProcessCluster cluster) =>
        string.Join(Environment.NewLine, cluster.Silos.Select(s => $"--- {s.Name} (pid {s.Pid}) ---{Environment.NewLine}{s.Tail(30)}"));

    private sealed record LedgerTotals(long Rows, int Prompt, int Completion);

    private sealed record LedgerCheck(long Rows, long CompletionTokens, long CostMicros, long RepeatedAttempts, long RollupRequests, long RollupCompletion, long RollupCost, string[] RequestIds);
}
