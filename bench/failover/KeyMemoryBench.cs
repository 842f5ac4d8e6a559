using System.Globalization;
using System.Net;
using GatoLink.Integration.Tests.Cluster;
using GatoLink.NodeSim;

namespace GatoLink.Bench.Failover;

/// <summary>
/// One silo process on PostgreSQL; N keys with an rpm limit created through the admin API, then one request each:
/// the silo's RSS (VmRSS) before, after creating the keys, and after the requests activated one key grain each.
/// </summary>
public static class KeyMemoryBench
{
    /// <summary>Prints the RSS steps and bytes per key.</summary>
    public static async Task<int> RunAsync(string server, BenchOptions options, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(options);
        await using var database = await BenchDatabase.CreateAsync(server);
        await using var sim = await NodeSimServer.StartAsync(NodeSimOptions.FromProfile("instant"), ct: ct);
        var gc = Environment.GetEnvironmentVariable("DOTNET_gcServer") == "0" ? "workstation GC" : "server GC (as shipped)";
        await using var cluster = await ProcessCluster.StartAsync(database.ConnectionString, [sim.BaseUrl], 1, TimeSpan.FromSeconds(120));
        var silo = cluster.Silos[0];
        Console.WriteLine($"== one silo (pid {silo.Pid}, {gc}), {options.Keys} keys with rpm limits, concurrency {options.Concurrency}");

        var tenant = await cluster.CreateTenantAsync(silo, "memory-" + Guid.NewGuid().ToString("N")[..8]);
        // Warm the paths once (JIT, pools, the tenant), so the steps below measure keys, not first use.
        var warm = await cluster.CreateKeyAsync(silo, tenant, "warm", 1000);
        using var http = new HttpClient { BaseAddress = silo.BaseUrl, Timeout = TimeSpan.FromSeconds(30) };
        await SiloProbe.ChatAsync(http, warm.Secret, ct);
        var start = await SiloProbe.SettledRssAsync(silo, ct, options.QuietSeconds);

        var secrets = new string[options.Keys];
        await SiloProbe.ForEachAsync(options.Keys, options.Concurrency, async i => secrets[i] = (await cluster.CreateKeyAsync(silo, tenant, $"m{i}", 1000)).Secret, ct);
        var created = await SiloProbe.SettledRssAsync(silo, ct, options.QuietSeconds);

        var failures = 0;
        await SiloProbe.ForEachAsync(options.Keys, options.Concurrency, async i =>
        {
            if (await SiloProbe.ChatAsync(http, secrets[i], ct) != HttpStatusCode.OK)
            {
                Interlocked.Increment(ref failures);
            }
        }, ct);
        var active = await SiloProbe.SettledRssAsync(silo, ct, options.QuietSeconds);
        var activations = silo.LinesContaining("activated").Count(l => l.Contains("Key grain", StringComparison.Ordinal));

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"   RSS after warm-up           {SiloProbe.Mb(start),8:0.0} MB"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"   RSS after creating the keys {SiloProbe.Mb(created),8:0.0} MB  (+{Per(created - start, options.Keys),6:0} B per key: directory entry, caches)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"   RSS after one request each  {SiloProbe.Mb(active),8:0.0} MB  (+{Per(active - created, options.Keys),6:0} B per active key grain)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"   total per key (create + activate): {Per(active - start, options.Keys):0} B; key grain activations logged: {activations}; failed requests: {failures}"));
        return failures == 0 ? 0 : 1;
    }

    private static double Per(long bytes, int keys) => (double)bytes / keys;
}
