using System.Diagnostics;
using System.Globalization;
using System.Net;
using GatoLink.Integration.Tests.Infrastructure;
using GatoLink.Integration.Tests.Infrastructure.Skipping;
using Npgsql;
using Xunit.Abstractions;

namespace GatoLink.Integration.Tests.Cluster;

/// <summary>
/// What a user runs: three silo processes on one PostgreSQL, OpenAI SDK traffic spread over them, one of them
/// SIGKILLed or cut off by a network partition. The survivors keep serving, the rpm limit holds cluster-wide, the keys
/// whose grains lived on the lost silo are served again within the bound, every answer is billed once, and a
/// partitioned silo stops when it learns it was declared dead and rejoins when started again.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ProcessClusterTests
{
    private const int Rpm = 60;
    private const int ProbeKeys = 5;
    private const int MaxKeys = 60;

    // The design targets ~5 s (1 s probes, 3 misses, 2 votes); the bound leaves room for a busy 2-core machine.
    private static readonly TimeSpan RecoveryBound = TimeSpan.FromSeconds(15);

    // A host that vanishes: nothing resets a connection, so only the probes tell; the issue's bound.
    private static readonly TimeSpan PartitionRecoveryBound = TimeSpan.FromSeconds(5);

    // Once the table is readable again the cut-off silo learns of its death at its next table read.
    private static readonly TimeSpan StopsAfterHealBound = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan ReadyWithin = TimeSpan.FromSeconds(120);

    private readonly PostgresFixture _postgres;
    private readonly ITestOutputHelper _output;

    public ProcessClusterTests(PostgresFixture postgres, ITestOutputHelper output)
    {
        _postgres = postgres;
        _output = output;
    }

    [Fact]
    public Task ASigkilledSiloLeavesTheOthersServingWithTheRpmLimitHeldAndItsKeysServedAgainWithinFifteenSeconds() =>
        RunAsync(ClusterFault.Kill);

    [ToolFact]
    public Task ASiloCutOffByANetworkPartitionHasItsKeysServedAgainByTheOthersWithinFiveSecondsAndRejoinsWhenTheNetworkHeals() =>
        RunAsync(ClusterFault.Partition);

    private async Task RunAsync(ClusterFault fault)
    {
        var database = await _postgres.CreateDatabaseAsync();
        var bound = fault == ClusterFault.Kill ? RecoveryBound : PartitionRecoveryBound;

        // A partition needs a silo on a host of its own: silo-0 in a network namespace; the others, the node and (through a
        // relay) PostgreSQL on the bridge, so that pulling the cable cuts silo-0 off from everything at once.
        await using var isolated = fault == ClusterFault.Partition ? await IsolatedHost.CreateAsync() : null;
        await using var relay = isolated is null ? null : TcpRelay.Start(IPAddress.Parse(isolated.BridgeAddress), PostgresEndpoint(database));
        await using var nodes = await SimNodes.StartAsync(1, profile: "instant", timeScale: 1, host: isolated?.BridgeAddress ?? "127.0.0.1");
        await using var cluster = await ProcessCluster.StartAsync(database, nodes.Urls, 3, ReadyWithin, place: isolated is null ? null : (i, launch) => i == 0
            ? launch.With(new Dictionary<string, string>
            {
                ["GATOLINK_POSTGRES"] = new NpgsqlConnectionStringBuilder(database) { Host = relay!.Endpoint.Address.ToString(), Port = relay.Endpoint.Port }.ConnectionString,
                ["GatoLink__Orleans__AdvertisedIp"] = isolated.Address,
                ["ASPNETCORE_URLS"] = $"http://{isolated.Address}:0",
            }) with { Namespace = isolated.Namespace }
            : launch.With(new Dictionary<string, string> { ["GatoLink__Orleans__AdvertisedIp"] = isolated.BridgeAddress, ["Logging__LogLevel__Orleans.Runtime.MembershipService"] = "Information" }));
        var tenant = await cluster.CreateTenantAsync(cluster.Silos[0], "proc-" + Guid.NewGuid().ToString("N")[..8]);

        // Key 0 is the one under an rpm limit; the probes have limits far above the traffic, so each has a key grain too.
        // Creating a key activates its grain on the silo that took the admin call (placement prefers the caller's silo),
        // so key k is created through silo (k mod 3) to spread the grains.
        var keys = new List<(Guid Id, string Secret)> { await cluster.CreateKeyAsync(cluster.Silos[0], tenant, "limited", Rpm) };
        for (var k = 1; k <= ProbeKeys; k++)
        {
            keys.Add(await cluster.CreateKeyAsync(cluster.Silos[k % 3], tenant, $"probe-{k}", 100_000));
        }

        await cluster.WaitUntilKnownEverywhereAsync(keys.Select(k => k.Secret).ToList(), TimeSpan.FromSeconds(10));
        var hosts = await cluster.WaitForHostsAsync(keys.Select(k => k.Id), TimeSpan.FromSeconds(15));

        // Placement is Orleans' choice: the isolated silo may hold no key yet. More keys until it does (each lands there
        // with a chance of about a third).
        while (isolated is not null && !hosts.ContainsValue(0) && keys.Count < MaxKeys)
        {
            var extra = await cluster.CreateKeyAsync(cluster.Silos[0], tenant, $"probe-{keys.Count}", 100_000);
            keys.Add(extra);
            await cluster.WaitUntilKnownEverywhereAsync([extra.Secret], TimeSpan.FromSeconds(10));
            hosts = await cluster.WaitForHostsAsync(keys.Select(k => k.Id), TimeSpan.FromSeconds(15));
        }

        Assert.All(hosts, h => Assert.True(h.Value >= 0, $"Key {h.Key}: {(h.Value == -1 ? "no silo" : "more than one silo")} logged the activation of its grain."));

        // Traffic on the first keys and on the extras that landed on the isolated silo, not on every extra.
        keys = [.. keys.Where((k, i) => i <= ProbeKeys || hosts[k.Id] == 0)];
        var traffic = new TrafficLog(keys.Select(k => k.Secret).ToList(), cluster.Silos.Select(s => s.BaseUrl).ToList());
        for (var k = 0; k < keys.Count; k++)
        {
            var first = await traffic.SendAsync(k, k % 3);
            Assert.True(first.Status == 200, $"The first request of key {k} answered {first.Status} ({first.Code}).");
        }

        // A kill takes the limited key's silo; a partition the isolated one.
        var victim = isolated is null ? hosts[keys[0].Id] : 0;
        var affected = Enumerable.Range(0, keys.Count).Where(k => hosts[keys[k].Id] == victim).ToHashSet();
        _output.WriteLine($"Key grains per silo: {string.Join(", ", Enumerable.Range(0, 3).Select(s => $"silo-{s}: {hosts.Values.Count(h => h == s)}"))}; {fault} of silo-{victim} (holds keys {string.Join(",", affected)}).");

        using var stop = new CancellationTokenSource();
        var running = traffic.RunAsync(keys.Count, TimeSpan.FromMilliseconds(30), stop.Token);
        var snapshotText = Task.FromResult("(no snapshot of the survivors: the fault did not happen)");
        try
        {
            // Before the fault: long enough for the limited key to be refused by its rpm limit from several silos.
            await WaitUntilAsync(
                () => traffic.Now > TimeSpan.FromSeconds(4) && traffic.Outcomes.Any(o => o.Key == 0 && o.Status == 429),
                TimeSpan.FromSeconds(30),
                "the limited key was never refused before the fault");

            traffic.Exclude(victim);
            var faultAt = traffic.Now;
            if (isolated is null)
            {
                cluster.Silos[victim].Kill();
            }
            else
            {
                await isolated.PartitionAsync();
            }

            var declaredDead = WatchMembershipAsync(cluster, traffic, bound + TimeSpan.FromSeconds(10));
            snapshotText = SnapshotSurvivorsAsync(cluster, victim, TimeSpan.FromSeconds(8));

            // After: until every key was answered by its grain again (then 3 s more), bounded.
            var recovered = await WaitUntilAsync(
                () => Enumerable.Range(0, keys.Count).All(k => traffic.Outcomes.Any(o => o.Key == k && o.Started >= faultAt && o.AnsweredByGrain)),
                bound + TimeSpan.FromSeconds(5),
                failure: null);
            if (recovered)
            {
                await Task.Delay(TimeSpan.FromSeconds(3));
            }

            await stop.CancelAsync();
            await running;
            var deadAfter = await declaredDead;
            var outcomes = traffic.Outcomes;
            Report(outcomes, faultAt, affected, deadAfter);

            AssertSurvivorsKeptServing(outcomes, victim, faultAt, bound);
            AssertRpmHeld(outcomes, faultAt);
            AssertServedAgainWithinBound(outcomes, keys.Count, faultAt, affected, bound);
            Assert.True(deadAfter is { } dead && dead <= bound, $"The membership table showed silo-{victim} Dead after {Seconds(deadAfter)} (bound {bound.TotalSeconds} s).");
            // The rejoined silo's answer is billed too: it counts with the others.
            var billable = isolated is null ? outcomes : [.. outcomes, await AssertRejoinsWhenHealedAsync(cluster, isolated, victim, keys[0].Secret)];
            await AssertBilledOnceAsync(cluster, tenant, billable, victim);
        }
        catch (Xunit.Sdk.XunitException)
        {
            // What the silos logged (warnings and up), and their gauges while they should have recovered, explain a
            // failed assertion; the output is shown with it.
            _output.WriteLine(Logs(cluster));
            _output.WriteLine(await snapshotText);
            throw;
        }
        catch (Exception ex)
        {
            throw new InvalidOperationException($"{ex.Message}{Environment.NewLine}{Logs(cluster)}", ex);
        }
        finally
        {
            await stop.CancelAsync();
            await running;
            await snapshotText;
        }
    }

    /// <summary>
    /// The cut-off silo learns, once it can read the membership table again, that the others declared it dead, and stops
    /// by itself (it must not serve on as a second copy of grains that now live elsewhere). Started again as a supervisor
    /// would, on its data directory, it joins as a new member and serves.
    /// </summary>
    private async Task<RequestOutcome> AssertRejoinsWhenHealedAsync(ProcessCluster cluster, IsolatedHost isolated, int victim, string secret)
    {
        var old = cluster.Silos[victim];
        await isolated.HealAsync();
        var healedAt = Stopwatch.StartNew();
        await WaitUntilAsync(() => old.HasExited, StopsAfterHealBound, $"silo-{victim} still runs {StopsAfterHealBound.TotalSeconds} s after the network healed, although the others declared it dead");
        _output.WriteLine($"silo-{victim} stopped by itself {healedAt.Elapsed.TotalSeconds:0.00} s after the network healed.");

        var fresh = await cluster.RestartAsync(victim, ReadyWithin);
        var joined = Stopwatch.StartNew();
        while (await cluster.CountActiveSilosAsync() != 3)
        {
            Assert.True(joined.Elapsed < TimeSpan.FromSeconds(30), "The restarted silo never became the third Active member.");
            await Task.Delay(100);
        }

        var traffic = new TrafficLog([secret], [fresh.BaseUrl]);
        var outcome = await traffic.SendAsync(0, 0);
        Assert.True(outcome.Status is 200 or 429, $"The rejoined silo answered {Describe(outcome)}.");
        Assert.True(outcome.Status == 200 || outcome.Code == "rate_limit_exceeded", $"The rejoined silo answered {Describe(outcome)}.");
        return outcome with { Silo = victim };
    }

    /// <summary>
    /// Every answer a client received with 200 is one ledger row, once; the only other successful rows may belong to
    /// requests in flight on the lost silo whose answers never reached their clients.
    /// </summary>
    private async Task AssertBilledOnceAsync(ProcessCluster cluster, Guid tenant, IReadOnlyList<RequestOutcome> outcomes, int victim)
    {
        var answered = outcomes.Count(o => o.Status == 200);
        var unanswered = outcomes.Count(o => o.Silo == victim && o.Status == 0);
        var rows = await cluster.CountLedgerRowsAsync(tenant, 200);
        _output.WriteLine($"ledger: {rows} successful rows for {answered} answers received and {unanswered} lost with the silo");
        Assert.InRange(rows, answered, answered + unanswered);
    }

    private static IPEndPoint PostgresEndpoint(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var address = IPAddress.TryParse(builder.Host, out var ip) ? ip : IPAddress.Loopback;
        return new IPEndPoint(address, builder.Port);
    }

    private static void AssertSurvivorsKeptServing(IReadOnlyList<RequestOutcome> outcomes, int victim, TimeSpan killedAt, TimeSpan bound)
    {
        foreach (var o in outcomes)
        {
            if (o.Silo == victim)
            {
                // In flight when it died, or sent while it left the rotation: no answer at all, never a wrong one.
                Assert.True(o.Status is 200 or 429 || (o.Status == 0 && o.Ended >= killedAt), $"The victim answered {Describe(o)}.");
                continue;
            }

            var ok = o.Status switch
            {
                200 => true,
                429 => o.Key == 0 && o.Code == "rate_limit_exceeded" && o.RetryAfter,
                // In flight at the kill or sent after it, until the killed silo's grains are back: a key grain that does not
                // answer fails closed (limits_unavailable); a model's wait queue that lived there refuses as no_capacity.
                503 => o.RetryAfter && o.Code is "limits_unavailable" or "no_capacity" && o.Ended >= killedAt && o.Ended <= killedAt + bound,
                _ => false,
            };
            Assert.True(ok, $"A survivor answered {Describe(o)}; only 200, the limited key's 429 and, during the detection window, 503 with Retry-After are expected.");
        }

        // Survivors answered after the kill, and keys whose grains were elsewhere were never refused for lack of limits.
        Assert.Contains(outcomes, o => o.Silo != victim && o.Started >= killedAt && o.Status == 200);
    }

    private static void AssertRpmHeld(IReadOnlyList<RequestOutcome> outcomes, TimeSpan killedAt)
    {
        var limited = outcomes.Where(o => o.Key == 0).ToList();
        var start = limited.Min(o => o.Started);
        var end = limited.Max(o => o.Ended);
        var before = limited.Count(o => o.Status == 200 && o.Ended < killedAt);
        var after = limited.Count(o => o.Status == 200 && o.Started >= killedAt);
        var total = limited.Count(o => o.Status == 200);

        // A bucket holds Rpm and refills Rpm a minute. Answered before the kill: admitted by the old activation.
        // Sent after it: by the new one. In flight across the kill: either, so they count only in the total.
        Assert.InRange(before, Rpm, Rpm + Refill(killedAt - start));
        Assert.Contains(limited, o => o.Status == 429 && o.Ended < killedAt);

        // The new activation starts with a full bucket (rate buckets are not rebuilt from the ledger, budgets are), so
        // across the crash the key may get one more bucket than the rate allows — never more.
        Assert.InRange(after, 0, Rpm + Refill(end - killedAt));
        Assert.InRange(total, Rpm, (2 * Rpm) + Refill(end - start));
    }

    private static void AssertServedAgainWithinBound(IReadOnlyList<RequestOutcome> outcomes, int keys, TimeSpan killedAt, HashSet<int> affected, TimeSpan bound)
    {
        Assert.NotEmpty(affected);
        for (var k = 0; k < keys; k++)
        {
            var back = FirstAnsweredAfter(outcomes, k, killedAt);
            Assert.True(back is { } t && t <= bound, $"Key {k} ({(affected.Contains(k) ? "grain on the lost silo" : "grain on a survivor")}) was served again only after {Seconds(back)} (bound {bound.TotalSeconds} s).");
        }
    }

    private void Report(IReadOnlyList<RequestOutcome> outcomes, TimeSpan killedAt, HashSet<int> affected, TimeSpan? deadAfter)
    {
        var keys = outcomes.Max(o => o.Key) + 1;
        for (var k = 0; k < keys; k++)
        {
            _output.WriteLine($"key {k}{(affected.Contains(k) ? " (on the lost silo)" : "")}: served again after {Seconds(FirstAnsweredAfter(outcomes, k, killedAt))}");
        }

        var window = outcomes.Where(o => o.Ended >= killedAt && !o.AnsweredByGrain)
            .GroupBy(o => o.Status == 0 ? "no answer" : o.Status.ToString(CultureInfo.InvariantCulture) + (o.Code is null ? "" : " " + o.Code))
            .Select(g => $"{g.Key}: {g.Count()}");
        var slowest = outcomes.Where(o => o.Status == 503).Select(o => (TimeSpan?)(o.Ended - o.Started)).Max();
        _output.WriteLine($"failed after the fault: {string.Join(", ", window)} (slowest 503 took {Seconds(slowest)}); membership Dead after {Seconds(deadAfter)}");
        var limited = outcomes.Where(o => o.Key == 0).ToList();
        _output.WriteLine($"limited key (rpm {Rpm}): admitted {limited.Count(o => o.Status == 200 && o.Ended < killedAt)} before the kill, {limited.Count(o => o.Status == 200 && o.Started >= killedAt)} after, {limited.Count(o => o.Status == 200 && o.Started < killedAt && o.Ended >= killedAt)} across it; {limited.Count(o => o.Status == 429)} refused; {outcomes.Count} requests in all");
    }

    private static TimeSpan? FirstAnsweredAfter(IReadOnlyList<RequestOutcome> outcomes, int key, TimeSpan killedAt) =>
        outcomes.Where(o => o.Key == key && o.Started >= killedAt && o.AnsweredByGrain).Select(o => (TimeSpan?)(o.Ended - killedAt)).Min();

    private static async Task<TimeSpan?> WatchMembershipAsync(ProcessCluster cluster, TrafficLog clock, TimeSpan within)
    {
        var from = clock.Now;
        while (clock.Now - from < within)
        {
            if (await cluster.CountDeadSilosAsync() > 0)
            {
                return clock.Now - from;
            }

            await Task.Delay(100);
        }

        return null;
    }

    private static async Task<bool> WaitUntilAsync(Func<bool> condition, TimeSpan within, string? failure)
    {
        var deadline = DateTime.UtcNow + within;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                return failure is null ? false : throw new TimeoutException($"Waited {within}: {failure}.");
            }

            await Task.Delay(50);
        }

        return true;
    }

    private static int Refill(TimeSpan elapsed) => (int)Math.Ceiling(elapsed.TotalMinutes * Rpm);

    private static string Seconds(TimeSpan? t) => t is { } v ? $"{v.TotalSeconds:0.00} s" : "never";

    private static string Describe(RequestOutcome o) =>
        $"{o.Status} ({o.Code ?? "-"}, Retry-After {(o.RetryAfter ? "yes" : "no")}) for key {o.Key} on silo-{o.Silo} at {o.Started.TotalSeconds:0.00}–{o.Ended.TotalSeconds:0.00} s";

    /// <summary>
    /// GatoLink's own series (no histogram buckets) of every surviving silo, <paramref name="after"/> the kill: the
    /// admission queue, requests and nodes as they were while the survivors should have served again.
    /// </summary>
    private static async Task<string> SnapshotSurvivorsAsync(ProcessCluster cluster, int victim, TimeSpan after)
    {
        await Task.Delay(after);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var text = new System.Text.StringBuilder($"--- survivors' gauges {after.TotalSeconds:0} s after the kill ---{Environment.NewLine}");
        foreach (var silo in cluster.Silos.Where((_, i) => i != victim))
        {
            try
            {
                var metrics = await http.GetStringAsync(new Uri(silo.BaseUrl, "metrics"));
                var lines = metrics.Split('\n').Where(l => l.StartsWith("gatolink_", StringComparison.Ordinal) && !l.Contains("_bucket{", StringComparison.Ordinal));
                text.AppendLine($"{silo.Name}:").AppendJoin(Environment.NewLine, lines).AppendLine();
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                text.AppendLine($"{silo.Name}: /metrics did not answer ({ex.GetType().Name}: {ex.Message})");
            }
        }

        return text.ToString();
    }

    private static string Logs(ProcessCluster cluster) =>
        string.Join(Environment.NewLine, cluster.Silos.Select(s => $"--- {s.Name} (pid {s.Pid}) ---{Environment.NewLine}{s.Tail(60)}"));
}

/// <summary>How a silo is lost.</summary>
public enum ClusterFault
{
    /// <summary>SIGKILL: its connections reset at once.</summary>
    Kill,

    /// <summary>Its host vanishes from the network: packets dropped both ways, nothing reset.</summary>
    Partition,
}
