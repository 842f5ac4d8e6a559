using System.Diagnostics;
using System.Globalization;
using GatoLink.Bench.Failover;
using GatoLink.Grains.Abstractions.Model;
using GatoLink.Grains.Abstractions.Quotas;

namespace GatoLink.Bench.GrainCalls;

/// <summary>
/// Closed loops of grain calls from silo 0: to an activation on silo 0 (local) and on silo 1 (remote), with 1 and with
/// N callers on the same activation; latency percentiles and calls per second for each.
/// </summary>
public static class CallBench
{
    private static readonly ModelPrice Price = new("bench", 150_000, 600_000, DateTimeOffset.UnixEpoch);
    private static readonly AdmitRequest Request = new(PromptTokens: 40, MaxTokens: 64, Price, TenantLimited: false);

    /// <summary>The activations the rows call: a no-op grain and a key grain on each silo.</summary>
    public sealed record Targets(Guid NoopLocal, Guid NoopRemote, Guid KeyLocal, Guid KeyRemote);

    /// <summary>
    /// Activates the targets. Orleans' placement weighs the silos' load (many activations on silo 0 send new ones to
    /// silo 1 even when silo 0 calls), so candidates are activated from each silo and the first that the directory
    /// reports on silo 0 (local) and on silo 1 (remote) is kept; run this before anything else activates grains.
    /// </summary>
    public static async Task<Targets> PlaceAsync(BenchCluster cluster, CancellationToken ct)
    {
        var tenant = await Keys.CreateTenantAsync(cluster, ct);
        var keyIds = await Keys.CreateAsync(cluster, tenant, 64, Keys.Roomy, ct);
        return new Targets(
            await PlaceAsync(cluster, silo: 0, Enumerable.Range(0, 32).Select(_ => Guid.NewGuid()), id => cluster.FactoryOf(0).GetGrain<INoopGrain>(id), g => g.Ping(), ct),
            await PlaceAsync(cluster, silo: 1, Enumerable.Range(0, 32).Select(_ => Guid.NewGuid()), id => cluster.FactoryOf(1).GetGrain<INoopGrain>(id), g => g.Ping(), ct),
            await PlaceAsync(cluster, silo: 0, keyIds.Take(32), id => cluster.FactoryOf(0).GetGrain<IApiKeyGrain>(id), g => AdmitSettleAsync(g, ct), ct),
            await PlaceAsync(cluster, silo: 1, keyIds.Skip(32), id => cluster.FactoryOf(1).GetGrain<IApiKeyGrain>(id), g => AdmitSettleAsync(g, ct), ct));
    }

    /// <summary>Runs every scenario and prints one row each.</summary>
    public static async Task RunAsync(BenchCluster cluster, Targets targets, BenchOptions options, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(targets);
        var (noopLocal, noopRemote, keyLocal, keyRemote) = targets;
        var caller = cluster.FactoryOf(0);

        Console.WriteLine($"== grain calls from silo 0 ({cluster.AddressOf(0)}); remote activations on silo 1 ({cluster.AddressOf(1)}); {options.Seconds:0.#} s per row after {options.WarmupSeconds:0.#} s warm-up");
        Console.WriteLine("   call            where   callers     calls/s   mean µs    p50 µs    p99 µs   p999 µs");
        foreach (var callers in options.Callers)
        {
            foreach (var (where, id) in new[] { ("local", noopLocal), ("remote", noopRemote) })
            {
                var grain = caller.GetGrain<INoopGrain>(id);
                var run = await LoopAsync(callers, options, _ => grain.Ping(), ct);
                Print("no-op", where, callers, run.Rate, run.Latencies);
            }

            foreach (var (where, id) in new[] { ("local", keyLocal), ("remote", keyRemote) })
            {
                var grain = caller.GetGrain<IApiKeyGrain>(id);
                var settles = new List<double>[callers];
                var admits = new List<double>[callers];
                for (var i = 0; i < callers; i++)
                {
                    settles[i] = [];
                    admits[i] = [];
                }

                var refused = 0;
                var run = await LoopAsync(callers, options, async worker =>
                {
                    var started = Stopwatch.GetTimestamp();
                    var result = await grain.Admit(Request, ct);
                    var admitted = Stopwatch.GetTimestamp();
                    if (!result.Admitted)
                    {
                        Interlocked.Increment(ref refused);
                        return;
                    }

                    await grain.Settle(new Settlement(result.ReservationId, 40, 12, 10));
                    var settled = Stopwatch.GetTimestamp();
                    admits[worker].Add(Micros(admitted - started));
                    settles[worker].Add(Micros(settled - admitted));
                }, ct, afterWarmup: () =>
                {
                    foreach (var list in admits.Concat(settles))
                    {
                        list.Clear();
                    }

                    refused = 0;
                });
                Print("Admit+Settle", where, callers, run.Rate, run.Latencies);
                Print("  Admit", where, callers, null, [.. admits.SelectMany(l => l)]);
                Print("  Settle", where, callers, null, [.. settles.SelectMany(l => l)]);
                if (refused > 0)
                {
                    Console.WriteLine($"   !! {refused} admissions refused");
                }
            }
        }
    }

    private static async Task AdmitSettleAsync(IApiKeyGrain grain, CancellationToken ct)
    {
        var result = await grain.Admit(Request, ct);
        await grain.Settle(new Settlement(result.ReservationId, 40, 12, 10));
    }

    private static async Task<Guid> PlaceAsync<TGrain>(BenchCluster cluster, int silo, IEnumerable<Guid> candidates, Func<Guid, TGrain> get, Func<TGrain, Task> activate, CancellationToken ct)
        where TGrain : IAddressable
    {
        var management = cluster.FactoryOf(0).GetGrain<IManagementGrain>(0);
        var want = cluster.AddressOf(silo);
        foreach (var id in candidates)
        {
            ct.ThrowIfCancellationRequested();
            var grain = get(id);
            await activate(grain);
            if (await management.GetActivationAddress(grain, ct) is { } at && at.Equals(want))
            {
                return id;
            }
        }

        throw new InvalidOperationException($"No candidate activation landed on silo {silo}.");
    }

    /// <summary>
    /// <paramref name="callers"/> closed loops over <paramref name="call"/> for the warm-up, then for the measured
    /// time; the latency of each whole call.
    /// </summary>
    private static async Task<(double Rate, double[] Latencies)> LoopAsync(int callers, BenchOptions options, Func<int, Task> call, CancellationToken ct, Action? afterWarmup = null)
    {
        await RunForAsync(callers, TimeSpan.FromSeconds(options.WarmupSeconds), call, null, ct);
        afterWarmup?.Invoke();
        var latencies = new List<double>[callers];
        for (var i = 0; i < callers; i++)
        {
            latencies[i] = new List<double>(1 << 16);
        }

        var elapsed = await RunForAsync(callers, TimeSpan.FromSeconds(options.Seconds), call, latencies, ct);
        var all = latencies.SelectMany(l => l).ToArray();
        return (all.Length / elapsed.TotalSeconds, all);
    }

    private static async Task<TimeSpan> RunForAsync(int callers, TimeSpan duration, Func<int, Task> call, List<double>[]? latencies, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        var end = started + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var workers = Enumerable.Range(0, callers).Select(worker => Task.Run(async () =>
        {
            while (Stopwatch.GetTimestamp() < end && !ct.IsCancellationRequested)
            {
                var before = Stopwatch.GetTimestamp();
                await call(worker);
                latencies?[worker].Add(Micros(Stopwatch.GetTimestamp() - before));
            }
        }, ct));
        await Task.WhenAll(workers);
        return Stopwatch.GetElapsedTime(started);
    }

    private static double Micros(long ticks) => ticks * 1_000_000.0 / Stopwatch.Frequency;

    private static void Print(string call, string where, int callers, double? rate, double[] latencies) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"   {call,-15} {where,-7} {callers,7} {(rate is { } r ? r.ToString("0", CultureInfo.InvariantCulture) : ""),11} {(latencies.Length == 0 ? double.NaN : latencies.Average()),9:0.0} {Percentiles.Of(latencies, 50),9:0.0} {Percentiles.Of(latencies, 99),9:0.0} {Percentiles.Of(latencies, 99.9),9:0.0}"));
}
