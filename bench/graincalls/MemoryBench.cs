using System.Globalization;
using GatoLink.Grains.Abstractions.Model;
using GatoLink.Grains.Abstractions.Quotas;

namespace GatoLink.Bench.GrainCalls;

/// <summary>
/// Live GC heap per activation: <see cref="GC.GetTotalMemory(bool)"/> (after a full blocking collection) before and
/// after activating N grains from silo 0, for the no-op grain (Orleans' own floor) and for key grains after one
/// Admit + Settle each (what one request leaves behind), with bench/failover's limits and with all five set.
/// </summary>
public static class MemoryBench
{
    private static readonly AdmitRequest Request = new(40, 64, new ModelPrice("bench", 150_000, 600_000, DateTimeOffset.UnixEpoch), TenantLimited: false);

    /// <summary>Prints one row per kind of activation.</summary>
    public static async Task RunAsync(BenchCluster cluster, BenchOptions options, CancellationToken ct)
    {
        var n = options.Activations;
        var tenant = await Keys.CreateTenantAsync(cluster, ct);
        var rpmKeys = await Keys.CreateAsync(cluster, tenant, n, Keys.RpmOnly, ct);
        var roomyKeys = await Keys.CreateAsync(cluster, tenant, n, Keys.Roomy, ct);
        var noops = Enumerable.Range(0, n).Select(_ => Guid.NewGuid()).ToArray();
        var factory = cluster.FactoryOf(0);

        // Warm the paths (JIT, pools, connections) with a few of each, outside the measured steps.
        var warmTenant = await Keys.CreateTenantAsync(cluster, ct);
        foreach (var id in await Keys.CreateAsync(cluster, warmTenant, 64, Keys.Roomy, ct))
        {
            await AdmitSettleAsync(factory.GetGrain<IApiKeyGrain>(id), ct);
        }

        for (var i = 0; i < 64; i++)
        {
            await factory.GetGrain<INoopGrain>(Guid.NewGuid()).Ping();
        }

        Console.WriteLine($"== live GC heap per activation ({n} activations a step, made from silo 0; {(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")} GC)");
        Console.WriteLine("   grain                                 heap before    heap after   per activation   activations +");
        await StepAsync(cluster, "no-op grain (Orleans' floor)", noops, id => factory.GetGrain<INoopGrain>(id).Ping(), ct);
        await StepAsync(cluster, "key grain, rpm only + 1 request", rpmKeys, id => AdmitSettleAsync(factory.GetGrain<IApiKeyGrain>(id), ct), ct);
        await StepAsync(cluster, "key grain, 5 limits + 1 request", roomyKeys, id => AdmitSettleAsync(factory.GetGrain<IApiKeyGrain>(id), ct), ct);

        if (options.HoldSeconds > 0)
        {
            Console.WriteLine($"   holding for {options.HoldSeconds} s (pid {Environment.ProcessId}) for dotnet-gcdump");
            await Task.Delay(TimeSpan.FromSeconds(options.HoldSeconds), ct);
        }
    }

    private static async Task StepAsync(BenchCluster cluster, string name, Guid[] ids, Func<Guid, Task> activate, CancellationToken ct)
    {
        var management = cluster.FactoryOf(0).GetGrain<IManagementGrain>(0);
        var countBefore = await management.GetTotalActivationCount(ct);
        var before = SettledHeap();
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, 32).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < ids.Length)
            {
                await activate(ids[i]);
            }
        }, ct)));
        var after = SettledHeap();
        var countAfter = await management.GetTotalActivationCount(ct);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"   {name,-36} {before / 1048576.0,9:0.00} MB {after / 1048576.0,10:0.00} MB {(after - before) / (double)ids.Length,12:0} B {countAfter - countBefore,13}"));
    }

    private static long SettledHeap()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    private static async Task AdmitSettleAsync(IApiKeyGrain grain, CancellationToken ct)
    {
        var result = await grain.Admit(Request, ct);
        await grain.Settle(new Settlement(result.ReservationId, 40, 12, 10));
    }
}
