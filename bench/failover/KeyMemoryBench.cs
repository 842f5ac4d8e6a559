using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
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
        await ChatAsync(http, warm.Secret, ct);
        var start = await SettledRssAsync(silo, ct);

        var secrets = new string[options.Keys];
        await ForEachAsync(options.Keys, options.Concurrency, async i => secrets[i] = (await cluster.CreateKeyAsync(silo, tenant, $"m{i}", 1000)).Secret, ct);
        var created = await SettledRssAsync(silo, ct);

        var failures = 0;
        await ForEachAsync(options.Keys, options.Concurrency, async i =>
        {
            if (!await ChatAsync(http, secrets[i], ct))
            {
                Interlocked.Increment(ref failures);
            }
        }, ct);
        var active = await SettledRssAsync(silo, ct);
        var activations = silo.LinesContaining("activated").Count(l => l.Contains("Key grain", StringComparison.Ordinal));

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"   RSS after warm-up           {Mb(start),8:0.0} MB"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"   RSS after creating the keys {Mb(created),8:0.0} MB  (+{Per(created - start, options.Keys),6:0} B per key: directory entry, caches)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"   RSS after one request each  {Mb(active),8:0.0} MB  (+{Per(active - created, options.Keys),6:0} B per active key grain)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"   total per key (create + activate): {Per(active - start, options.Keys):0} B; key grain activations logged: {activations}; failed requests: {failures}"));
        return failures == 0 ? 0 : 1;
    }

    private static async Task<bool> ChatAsync(HttpClient http, string secret, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/chat/completions")
        {
            Content = new StringContent("""{"model":"demo-8b","max_tokens":1,"messages":[{"role":"user","content":"hi"}]}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        using var response = await http.SendAsync(request, ct);
        return response.IsSuccessStatusCode;
    }

    /// <summary>The median of five RSS samples a second apart, after two quiet seconds (the GC settles).</summary>
    private static async Task<long> SettledRssAsync(SiloProcess silo, CancellationToken ct)
    {
        await Task.Delay(TimeSpan.FromSeconds(2), ct);
        var samples = new List<long>();
        for (var i = 0; i < 5; i++)
        {
            samples.Add(silo.ReadRssBytes());
            await Task.Delay(TimeSpan.FromSeconds(1), ct);
        }

        return samples.Order().ElementAt(2);
    }

    private static async Task ForEachAsync(int count, int concurrency, Func<int, Task> body, CancellationToken ct)
    {
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                ct.ThrowIfCancellationRequested();
                await body(i);
            }
        }, ct)));
    }

    private static double Mb(long bytes) => bytes / 1024.0 / 1024.0;

    private static double Per(long bytes, int keys) => (double)bytes / keys;
}
