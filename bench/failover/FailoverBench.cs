using System.Globalization;
using GatoLink.Integration.Tests.Cluster;
using GatoLink.NodeSim;

namespace GatoLink.Bench.Failover;

/// <summary>
/// Three silo processes on a fresh database, steady SDK traffic over keys with limits (each has a key grain),
/// one silo SIGKILLed: seconds until every key is served again, what failed meanwhile, and when the membership table
/// showed the silo Dead.
/// </summary>
public static class FailoverBench
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(40);

    /// <summary>Runs <see cref="BenchOptions.Runs"/> times and prints one block per run and a summary.</summary>
    public static async Task<int> RunAsync(string server, BenchOptions options, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(options);
        var results = new List<RunResult>();
        for (var run = 1; run <= options.Runs; run++)
        {
            Console.WriteLine($"== run {run}/{options.Runs}: 3 silos, {options.Keys} keys, one loop per key pausing {options.PauseMs} ms, {options.SteadySeconds} s steady before the kill");
            results.Add(await RunOnceAsync(server, options, ct));
        }

        Console.WriteLine();
        Console.WriteLine("| run | grains on victim | membership Dead (s) | victim's keys back p50 / max (s) | all keys back p50 / max (s) | failed in window | req/s before |");
        Console.WriteLine("| --- | --- | --- | --- | --- | --- | --- |");
        for (var i = 0; i < results.Count; i++)
        {
            var r = results[i];
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {i + 1} | {r.Affected}/{r.Keys} | {r.DeadAfter:0.00} | {r.AffectedP50:0.00} / {r.AffectedMax:0.00} | {r.AllP50:0.00} / {r.AllMax:0.00} | {r.Failures} | {r.RatePerSecond:0} |"));
        }

        return results.All(r => r.AllMax <= 15) ? 0 : 1;
    }

    private static async Task<RunResult> RunOnceAsync(string server, BenchOptions options, CancellationToken ct)
    {
        await using var database = await BenchDatabase.CreateAsync(server);
        var node = NodeSimOptions.FromProfile("instant");
        await using var sim = await NodeSimServer.StartAsync(node, ct: ct);
        await using var cluster = await ProcessCluster.StartAsync(database.ConnectionString, [sim.BaseUrl], 3, TimeSpan.FromSeconds(120));
        var tenant = await cluster.CreateTenantAsync(cluster.Silos[0], "failover-" + Guid.NewGuid().ToString("N")[..8]);
        var keys = new List<(Guid Id, string Secret)>();
        for (var k = 0; k < options.Keys; k++)
        {
            // A limit far above the traffic: every request asks the key's grain, none is refused.
            keys.Add(await cluster.CreateKeyAsync(cluster.Silos[k % 3], tenant, $"k{k}", 1_000_000));
        }

        await cluster.WaitUntilKnownEverywhereAsync(keys.Select(k => k.Secret).ToList(), TimeSpan.FromSeconds(20));
        var traffic = new TrafficLog(keys.Select(k => k.Secret).ToList(), cluster.Silos.Select(s => s.BaseUrl).ToList());
        for (var k = 0; k < keys.Count; k++)
        {
            await traffic.SendAsync(k, k % 3);
        }

        var hosts = await cluster.WaitForHostsAsync(keys.Select(k => k.Id), TimeSpan.FromSeconds(15));
        var perSilo = Enumerable.Range(0, 3).Select(s => hosts.Values.Count(h => h == s)).ToArray();
        var victim = Array.IndexOf(perSilo, perSilo.Max());
        var affected = Enumerable.Range(0, keys.Count).Where(k => hosts[keys[k].Id] == victim).ToHashSet();
        Console.WriteLine($"   key grains per silo: {string.Join(" / ", perSilo)} (unplaced {hosts.Values.Count(h => h == -1)}, on several silos {hosts.Values.Count(h => h == -2)}); killing silo-{victim}");

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var running = traffic.RunAsync(keys.Count, TimeSpan.FromMilliseconds(options.PauseMs), stop.Token);
        var steadyFrom = traffic.Now;
        await Task.Delay(TimeSpan.FromSeconds(options.SteadySeconds), ct);
        traffic.Exclude(victim);
        var killedAt = traffic.Now;
        cluster.Silos[victim].Kill();
        var rate = traffic.Outcomes.Count(o => o.Started >= steadyFrom && o.Ended < killedAt) / (killedAt - steadyFrom).TotalSeconds;

        TimeSpan? deadAfter = null;
        while (traffic.Now - killedAt < Deadline)
        {
            deadAfter ??= await cluster.CountDeadSilosAsync(ct) > 0 ? traffic.Now - killedAt : null;
            var outcomes = traffic.Outcomes;
            if (deadAfter is not null && Enumerable.Range(0, keys.Count).All(k => outcomes.Any(o => o.Key == k && o.Started >= killedAt && o.AnsweredByGrain)))
            {
                break;
            }

            await Task.Delay(100, ct);
        }

        await Task.Delay(TimeSpan.FromSeconds(2), ct);
        await stop.CancelAsync();
        await running;

        var all = traffic.Outcomes;
        var back = Enumerable.Range(0, keys.Count).ToDictionary(
            k => k,
            k => all.Where(o => o.Key == k && o.Started >= killedAt && o.AnsweredByGrain).Select(o => (o.Ended - killedAt).TotalSeconds).DefaultIfEmpty(double.PositiveInfinity).Min());
        var failed = all.Where(o => o.Ended >= killedAt && !o.AnsweredByGrain).ToList();
        var failures = failed.Count == 0
            ? "none"
            : string.Join(", ", failed.GroupBy(o => o.Status == 0 ? "no answer" : $"{o.Status} {o.Code}").OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key}: {g.Count()}"));
        var moved = Enumerable.Range(0, 3).Where(s => s != victim)
            .Select(s => $"silo-{s}: {affected.Count(k => cluster.HostsOf(keys[k].Id).Contains(s))}");
        Console.WriteLine($"   the victim's key grains re-activated on {string.Join(", ", moved)}");
        var survivorKeys503 = failed.Count(o => o.Status == 503 && !affected.Contains(o.Key));
        Console.WriteLine($"   503s for keys whose grains lived on a survivor: {survivorKeys503}");
        var wrong = all.Count(o => o.Status is not (200 or 429 or 503 or 0));
        var slowest = failed.Select(o => (o.Ended - o.Started).TotalSeconds).DefaultIfEmpty(0).Max();
        var result = new RunResult(
            keys.Count,
            affected.Count,
            deadAfter?.TotalSeconds ?? double.PositiveInfinity,
            Percentiles.Of(affected.Select(k => back[k]).ToList(), 50),
            affected.Select(k => back[k]).DefaultIfEmpty(double.NaN).Max(),
            Percentiles.Of(back.Values.ToList(), 50),
            back.Values.Max(),
            failures,
            rate);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"   membership Dead after {result.DeadAfter:0.00} s; victim's keys back p50 {result.AffectedP50:0.00} s, max {result.AffectedMax:0.00} s; all keys p50 {result.AllP50:0.00} s, max {result.AllMax:0.00} s"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"   failed after the kill: {failures} (slowest failure {slowest:0.00} s); answers other than 200/429/503/none: {wrong}; {all.Count} requests, {rate:0} req/s before the kill"));
        return result;
    }

    private sealed record RunResult(int Keys, int Affected, double DeadAfter, double AffectedP50, double AffectedMax, double AllP50, double AllMax, string Failures, double RatePerSecond);
}
