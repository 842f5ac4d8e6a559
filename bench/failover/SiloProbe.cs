using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using GatoLink.Integration.Tests.Cluster;

namespace GatoLink.Bench.Failover;

/// <summary>What the memory benches ask of a silo process: a chat request with a key, its settled RSS, work spread over a few callers.</summary>
public static class SiloProbe
{
    /// <summary>One non-streaming chat request (demo-8b, one token) with <paramref name="secret"/>; its status.</summary>
    public static async Task<HttpStatusCode> ChatAsync(HttpClient http, string secret, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(http);
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/chat/completions")
        {
            Content = new StringContent("""{"model":"demo-8b","max_tokens":1,"messages":[{"role":"user","content":"hi"}]}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        using var response = await http.SendAsync(request, ct);
        return response.StatusCode;
    }

    /// <summary>The median of five RSS samples a second apart, after <paramref name="quietSeconds"/> without traffic (the GC settles).</summary>
    public static async Task<long> SettledRssAsync(SiloProcess silo, CancellationToken ct, int quietSeconds = 2)
    {
        ArgumentNullException.ThrowIfNull(silo);
        await Task.Delay(TimeSpan.FromSeconds(quietSeconds), ct);
        var samples = new List<long>();
        for (var i = 0; i < 5; i++)
        {
            samples.Add(silo.ReadRssBytes());
            await Task.Delay(TimeSpan.FromSeconds(1), ct);
        }

        return samples.Order().ElementAt(2);
    }

    /// <summary>Runs <paramref name="body"/> for 0 … count-1 on <paramref name="concurrency"/> callers.</summary>
    public static async Task ForEachAsync(int count, int concurrency, Func<int, Task> body, CancellationToken ct)
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

    /// <summary>
    /// CPU time the process has used so far (user + system, from /proc/PID/stat): unlike wall time, what a start costs
    /// whatever else the shared cores run.
    /// </summary>
    public static TimeSpan CpuTime(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        // Fields after the command name (which may hold spaces) start at field 3; utime and stime are fields 14 and 15.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        const double ticksPerSecond = 100; // USER_HZ on Linux
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds(ticks / ticksPerSecond);
    }

    /// <summary>Bytes in MB.</summary>
    public static double Mb(long bytes) => bytes / 1024.0 / 1024.0;
}
