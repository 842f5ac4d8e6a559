using System.Net;
using System.Text.Json.Nodes;
using GatoLink.Grains.Nodes;
using GatoLink.Integration.Tests.Infrastructure;
using GatoLink.Integration.Tests.Ledger;
using GatoLink.NodeSim;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;
using GatoLink.PerSilo.Nodes;

namespace GatoLink.Integration.Tests.Attribution;

/// <summary>
/// GPU time per attempt against NodeSim's own busy time: concurrent requests of different sizes from two tenants on
/// one node, their <c>gpu_ms</c> summed against the node's report, and each tenant's share of the node in the usage API.
/// </summary>
/// <remarks>
/// The silo counts a request on the node from its dispatch to its answer; NodeSim counts itself busy from the
/// request's admission to the end of its generation. On wall clocks the two differ by the first request's way to the
/// node (the HTTP hop, NodeSim parsing and tokenizing a 2,000-word prompt) and the last answer's way back, charged while
/// the node idles: a few milliseconds on a quiet machine, 3–9 % of a 3 s run when the machine was starved of CPU and
/// each hop waited for a core (see <see cref="GpuShareClock"/>'s remarks). So the node's latencies and the silo's GPU
/// clock run on one <see cref="FakeTimeProvider"/> that the test moves only while the node has a sequence running:
/// no time passes while a request is on its way, however slow the machine, and what is compared is the accounting.
/// </remarks>
public sealed class GpuChargebackTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(1);

    [Fact]
    public async Task PerRequestGpuTimeAddsUpToTheNodesBusyTimeAndALongPromptIsChargedMore()
    {
        // Prefill of 1 ms a token makes a 2,000-token prompt hold the node ~2 s; outputs are the same size everywhere.
        var clock = new FakeTimeProvider();
        await using var nodes = await SimNodes.StartAsync(1, timeScale: 1, configure: o => o.PrefillMsPerToken = 1, time: clock);
        var engine = nodes.Servers[0].Engine;
        var settings = new Dictionary<string, string?> { ["GatoLink:Nodes:0:GpuHourPriceUsd"] = "3.6" }; // 1 µUSD per GPU-ms
        await using var silo = LedgerSilo.Start(null, nodes.Urls, settings, services =>
            services.AddSingleton(sp => new NodeDirectory(clock, sp.GetRequiredService<NodeHealthOptions>())));
        var (longTenant, _, longKey) = await AttributionTagTests.TenantWithKeyAsync(silo);
        var (shortTenant, _, shortKey) = await AttributionTagTests.TenantWithKeyAsync(silo);
        using var longHttp = silo.Http(longKey);
        using var shortHttp = silo.Http(shortKey);
        // Each long prompt starts differently, so that NodeSim's prefix cache shares none of it.
        string LongPrompt(int i) => $"request{i} " + string.Join(' ', Enumerable.Repeat("word", 2_000));

        // A first request warms both processes up (JIT, connections), so that the measured run compares steady costs.
        var (_, _, warmKey) = await AttributionTagTests.TenantWithKeyAsync(silo);
        using (var warmHttp = silo.Http(warmKey))
        using (var warm = await WhileTheNodeWorksAsync(clock, engine, AttributionTagTests.PostChatAsync(warmHttp, null, LongPrompt(99), maxTokens: 40)))
        {
            Assert.Equal(HttpStatusCode.OK, warm.StatusCode);
        }

        var busyBefore = engine.BusyTime;
        var requests = Enumerable.Range(0, 4).Select(i => AttributionTagTests.PostChatAsync(longHttp, null, LongPrompt(i), maxTokens: 40))
            .Concat(Enumerable.Range(0, 4).Select(_ => AttributionTagTests.PostChatAsync(shortHttp, null, "hi", maxTokens: 40)))
            .ToList();
        foreach (var response in await WhileTheNodeWorksAsync(clock, engine, Task.WhenAll(requests)))
        {
            using (response)
            {
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }
        }

        await silo.Billing.DrainAsync(CancellationToken.None);
        var events = silo.Services.GetRequiredService<RecentUsageSink>().Snapshot().Where(e => e.TenantId == longTenant || e.TenantId == shortTenant).ToList();
        var busyMs = (engine.BusyTime - busyBefore).TotalMilliseconds;
        var chargedMs = events.Sum(e => e.GpuMs);
        output.WriteLine($"charged {chargedMs:F1} ms of GPU time over {events.Count} attempts; NodeSim busy {busyMs:F1} ms");
        Assert.True(Math.Abs(chargedMs - busyMs) <= 0.05 * busyMs, $"charged {chargedMs:F1} ms of GPU time, the node was busy {busyMs:F1} ms");

        var longest = events.Where(e => e.PromptTokens > 1_000).ToList();
        var shortest = events.Where(e => e.PromptTokens < 100).ToList();
        Assert.Equal(4, longest.Count);
        Assert.Equal(4, shortest.Count);
        Assert.All(shortest, s => Assert.Equal(40, s.CompletionTokens));
        Assert.True(longest.Min(e => e.GpuMs) > shortest.Max(e => e.GpuMs), $"long {string.Join(", ", longest.Select(e => e.GpuMs))}; short {string.Join(", ", shortest.Select(e => e.GpuMs))}");
        Assert.All(events, e => Assert.InRange(e.GpuCostMicros, (long)e.GpuMs - 1, (long)e.GpuMs + 1));

        var longShare = await NodeRowAsync(silo, longTenant);
        var shortShare = await NodeRowAsync(silo, shortTenant);
        var nodeTotal = silo.Services.GetRequiredService<RecentUsageSink>().Snapshot().Sum(e => e.GpuMs); // the warm-up's too
        Assert.Equal(longest.Sum(e => e.GpuMs) / nodeTotal, (double)longShare["node_share"]!, tolerance: 0.0002); // the API rounds to 4 places
        Assert.Equal(shortest.Sum(e => e.GpuMs) / nodeTotal, (double)shortShare["node_share"]!, tolerance: 0.0002);
        Assert.True((double)longShare["node_share"]! > (double)shortShare["node_share"]!);
        Assert.Equal(longest.Sum(e => e.GpuMs) / 1000, (double)longShare["gpu_seconds"]!, tolerance: 0.002); // to the millisecond
        Assert.Equal(longest.Sum(e => e.GpuCostMicros) / 1e6, (double)longShare["gpu_cost_usd"]!, tolerance: 1e-9);
    }

    /// <summary>
    /// Moves the shared clock a millisecond at a time while the node has a sequence running, and not otherwise, until
    /// <paramref name="work"/> is done: requests on their way to the node or back cost no simulated time. (Whether the
    /// node ran out of work during a step the test cannot see: at most one step per idle edge, a millisecond of ~2,700.)
    /// </summary>
    private static async Task<T> WhileTheNodeWorksAsync<T>(FakeTimeProvider clock, NodeSimEngine engine, Task<T> work)
    {
        while (!work.IsCompleted)
        {
            if (engine.Running > 0)
            {
                clock.Advance(Step);
            }

            // At most a simulated millisecond per real one, so that the simulated time the node's own work takes (a
            // decode step's turn on a busy core) stays small beside its latencies, as on the wall clock.
            await Task.WhenAny(work, Task.Delay(Step, CancellationToken.None));
        }

        return await work;
    }

    private static async Task<JsonObject> NodeRowAsync(LedgerSilo silo, Guid tenant)
    {
        var report = await AttributionTagTests.ReportAsync(silo, $"admin/tenants/{tenant}/usage?group_by=node");
        var row = (JsonObject)report["rows"]!.AsArray().Single()!;
        Assert.Equal("node-1", (string)row["group"]!);
        return row;
    }
}
