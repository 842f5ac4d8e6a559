using System.Globalization;
using System.Text.Json.Nodes;
using GatoLink.Integration.Tests.Infrastructure;
using GatoLink.NodeSim;
using Xunit.Abstractions;

namespace GatoLink.Integration.Tests.Cluster;

/// <summary>
/// The chaos soak: three silo processes, two nodes, PostgreSQL; OpenAI SDK clients, streaming and not, on six keys (one
/// under an rpm limit, one under a cost budget); for <c>GATOLINK_CHAOS_MINUTES</c> (2 in CI; <c>bench/chaos</c> runs
/// 10) silos are SIGKILLed and SIGTERMed and started again, nodes stopped and started, PostgreSQL restarted. At the end
/// every answer a client finished is in the ledger exactly once, nothing is billed that no node generated, the budget
/// is overspent by no more than what was in flight at the faults, the rpm limit by no more than what was in flight at
/// a lost grain, nothing answered 500, and every silo is back and serving. It runs alone: its continuous traffic on three
/// silos takes both cores, and its PostgreSQL restart must not cut another test's database.
/// </summary>
[Collection(RunsAloneCollection.Name)]
public sealed class ChaosSoakTests(PostgresFixture postgres, ITestOutputHelper output) : IClassFixture<PostgresFixture>
{
    private const int Rpm = 120;
    private const int Keys = 6;
    private const int LimitedKey = 0;
    private const int BudgetKey = 1;
    private const long BudgetMicros = 2_000;
    private static readonly TimeSpan ReadyWithin = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task UnderRandomKillsRestartsAndADatabaseRestartEveryFinishedAnswerIsBilledOnceAndNoLimitIsOverrun()
    {
        var minutes = double.Parse(Environment.GetEnvironmentVariable("GATOLINK_CHAOS_MINUTES") ?? "2", CultureInfo.InvariantCulture);
        var seed = int.Parse(Environment.GetEnvironmentVariable("GATOLINK_CHAOS_SEED") ?? "20", CultureInfo.InvariantCulture);
        var database = await postgres.CreateDatabaseAsync();
        static NodeSimOptions NodeOptions()
        {
            var options = NodeSimOptions.FromProfile("instant");
            options.TimeScale = 1;
            return options;
        }

        var nodes = new List<NodeSimServer>();
        for (var i = 0; i < 2; i++)
        {
            nodes.Add(await NodeSimServer.StartAsync(NodeOptions(), $"http://127.0.0.1:{LoopbackPorts.Free()}"));
        }

        try
        {
            // Fixed HTTP ports: a silo started again answers where the clients already send.
            await using var cluster = await ProcessCluster.StartAsync(database, nodes.Select(n => n.BaseUrl).ToList(), 3, ReadyWithin,
                place: (_, launch) => launch.With(new Dictionary<string, string> { ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{LoopbackPorts.Free()}" }));
            var tenant = await cluster.CreateTenantAsync(cluster.Silos[0], "chaos-" + Guid.NewGuid().ToString("N")[..8]);
            var keys = new List<(Guid Id, string Secret)>();
            for (var k = 0; k < Keys; k++)
            {
                var fields = new JsonObject { ["name"] = $"chaos-{k}", ["rpm"] = k == LimitedKey ? Rpm : 100_000 };
                if (k == BudgetKey)
                {
                    fields["monthly_cost_usd"] = BudgetMicros / 1_000_000m;
                }

                keys.Add(await cluster.CreateKeyAsync(cluster.Silos[k % 3], tenant, fields));
            }

            await cluster.WaitUntilKnownEverywhereAsync(keys.Select(k => k.Secret).ToList(), TimeSpan.FromSeconds(10));
            var traffic = new TrafficLog(keys.Select(k => k.Secret).ToList(), cluster.Silos.Select(s => s.BaseUrl).ToList(), streams: k => k % 2 == 1);
            var monkey = new ChaosMonkey(cluster, nodes, NodeOptions, postgres, traffic, seed);

            using var stopTraffic = new CancellationTokenSource();
            using var stopChaos = new CancellationTokenSource(TimeSpan.FromMinutes(minutes));
            var running = traffic.RunAsync(Keys, TimeSpan.FromMilliseconds(40), stopTraffic.Token);
            try
            {
                await monkey.RunAsync(stopChaos.Token);

                // Everything is up again; the last answers come in, spooled usage drains.
                await Task.Delay(TimeSpan.FromSeconds(5));
            }
            finally
            {
                await stopTraffic.CancelAsync();
                await running;
            }

            var outcomes = traffic.Outcomes;
            var rows = await LedgerWhenSettledAsync(cluster, tenant, outcomes);
            Report(outcomes, rows, monkey, keys, minutes);

            AssertNoServerErrors(outcomes);
            AssertEveryAnswerBilledOnce(outcomes, rows);
            Assert.True(rows.Sum(r => (long)r.CompletionTokens) <= monkey.NodeTokens, $"The ledger bills {rows.Sum(r => (long)r.CompletionTokens)} completion tokens; the nodes generated {monkey.NodeTokens}.");
            AssertLimitsHeld(outcomes, rows, monkey, keys[BudgetKey].Id, traffic.Now);
            await AssertEverySiloServesAsync(cluster, keys[2].Secret);
        }
        finally
        {
            foreach (var node in nodes)
            {
                await node.DisposeAsync();
            }
        }
    }

    private static void AssertNoServerErrors(IReadOnlyList<RequestOutcome> outcomes)
    {
        foreach (var o in outcomes)
        {
            var expected = o.Status switch
            {
                // 0: a silo died or drained under the request, or a stream was cut (the client did not finish it).
                0 or 200 => true,
                429 => o.RetryAfter || o.Code is not null,
                502 or 503 or 504 => o.Code is not null,
                _ => false,
            };
            Assert.True(expected, $"Key {o.Key} on silo-{o.Silo} at {o.Started.TotalSeconds:0.00} s answered {o.Status} ({o.Code ?? "-"}).");
        }
    }

    private static void AssertEveryAnswerBilledOnce(IReadOnlyList<RequestOutcome> outcomes, List<LedgerRow> rows)
    {
        var billed = rows.Where(r => r.HttpStatus == 200).GroupBy(r => r.RequestId).ToDictionary(g => g.Key, g => g.Count());
        Assert.All(billed, b => Assert.True(b.Value == 1, $"Request {b.Key} is billed {b.Value} times."));
        foreach (var o in outcomes.Where(o => o.Status == 200))
        {
            Assert.True(o.RequestId is not null, $"An answer of key {o.Key} carried no x-request-id.");
            Assert.True(billed.ContainsKey(o.RequestId!), $"Request {o.RequestId} (key {o.Key}, silo-{o.Silo}, {o.Ended.TotalSeconds:0.00} s) was answered but is not in the ledger.");
        }
    }

    private static void AssertLimitsHeld(IReadOnlyList<RequestOutcome> outcomes, List<LedgerRow> rows, ChaosMonkey monkey, Guid budgetKey, TimeSpan duration)
    {
        // A silo lost takes the in-memory rate bucket of the grains it held; the next activation takes the last minute
        // the ledger shows from its bucket. What it cannot see is what was in flight at the fault (at most one request
        // per silo loop of the key): the rpm limit holds but for those.
        var siloFaults = monkey.Done.Count(d => d.Fault is ChaosFault.SiloKill or ChaosFault.SiloTerm);
        var admitted = outcomes.Count(o => o.Key == LimitedKey && o.Status == 200);
        var refill = (int)Math.Ceiling(duration.TotalMinutes * Rpm);
        Assert.InRange(admitted, 0, Rpm + refill + (3 * siloFaults));

        // The budget: reserved at admission, settled after; what was in flight at a fault (at most one request per silo
        // loop of the key) may go beyond it, nothing else.
        var spent = rows.Where(r => r.KeyId == budgetKey).Sum(r => r.CostMicros);
        var largest = rows.Where(r => r.KeyId == budgetKey).Select(r => r.CostMicros).DefaultIfEmpty(0).Max();
        var inFlight = 3 * (1 + monkey.Done.Count) * largest;
        Assert.True(spent <= BudgetMicros + inFlight, $"The budget key spent {spent} µUSD of a {BudgetMicros} µUSD budget (in flight at most {inFlight}).");
        Assert.Contains(outcomes, o => o.Key == BudgetKey && o.Status == 429);
    }

    private static async Task AssertEverySiloServesAsync(ProcessCluster cluster, string secret)
    {
        Assert.Equal(3, await cluster.CountActiveSilosAsync());
        var check = new TrafficLog([secret], cluster.Silos.Select(s => s.BaseUrl).ToList());
        for (var s = 0; s < cluster.Silos.Count; s++)
        {
            var outcome = await check.SendAsync(0, s);
            Assert.True(outcome.Status == 200, $"silo-{s} answered {outcome.Status} ({outcome.Code}) after the soak.");
        }
    }

    /// <summary>The ledger once every answered request is in it (usage spooled during a database outage drains), or after a minute.</summary>
    private static async Task<List<LedgerRow>> LedgerWhenSettledAsync(ProcessCluster cluster, Guid tenant, IReadOnlyList<RequestOutcome> outcomes)
    {
        var answered = outcomes.Where(o => o.Status == 200 && o.RequestId is not null).Select(o => o.RequestId!).ToHashSet();
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(1);
        while (true)
        {
            var rows = await cluster.LedgerRowsAsync(tenant);
            if (answered.IsSubsetOf(rows.Where(r => r.HttpStatus == 200).Select(r => r.RequestId)) || DateTime.UtcNow > deadline)
            {
                return rows;
            }

            await Task.Delay(500);
        }
    }

    private void Report(IReadOnlyList<RequestOutcome> outcomes, List<LedgerRow> rows, ChaosMonkey monkey, List<(Guid Id, string Secret)> keys, double minutes)
    {
        output.WriteLine($"chaos soak: {minutes} min, {outcomes.Count} requests ({outcomes.Count(o => o.Status == 200)} answered, {outcomes.Count(o => o.Key % 2 == 1 && o.Status == 200)} of them streamed)");
        output.WriteLine("faults: " + string.Join(", ", monkey.Done.GroupBy(d => d.Fault).Select(g => $"{g.Key} {g.Count()}")));
        output.WriteLine("outcomes: " + string.Join(", ", outcomes.GroupBy(o => o.Status == 0 ? "no answer" : o.Status.ToString(CultureInfo.InvariantCulture) + (o.Code is null ? "" : " " + o.Code)).OrderByDescending(g => g.Count()).Select(g => $"{g.Key}: {g.Count()}")));
        output.WriteLine($"ledger: {rows.Count} rows, {rows.Count(r => r.HttpStatus == 200)} successful; billed completion tokens {rows.Sum(r => (long)r.CompletionTokens)} of {monkey.NodeTokens} generated");
        output.WriteLine($"limited key (rpm {Rpm}): {outcomes.Count(o => o.Key == LimitedKey && o.Status == 200)} admitted; budget key: {rows.Where(r => r.KeyId == keys[BudgetKey].Id).Sum(r => r.CostMicros)} of {BudgetMicros} µUSD");
    }
}
