using System.Net;
using System.Text;
using GatoLink.Integration.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using GatoLink.PerSilo.Nodes;

namespace GatoLink.Integration.Tests.Placement;

public sealed class AdmissionQueueTests
{
    [Fact]
    public async Task WhenEveryNodeIsSaturatedRequestsWaitThenGet503WithRetryAfter()
    {
        await using var nodes = await SimNodes.StartAsync(1, "h100-8b", timeScale: 1, o => o.ItlMs = 20);
        await using var silo = await SiloHarness.StartAsync(nodes.Urls, new Dictionary<string, string?>
        {
            // Any KV use at all saturates the node, so one running request fills the fleet.
            ["GatoLink:Placement:KvThreshold"] = "0.0000001",
            ["GatoLink:Placement:MaxQueueWait"] = "00:00:00.400",
        });
        using var http = silo.Http(await silo.CreateUserKeyAsync());
        static StringContent Body(int max) => new($"{{\"model\":\"demo-8b\",\"max_tokens\":{max},\"messages\":[{{\"role\":\"user\",\"content\":\"x\"}}]}}", Encoding.UTF8, "application/json");

        var longRun = http.PostAsync("v1/chat/completions", Body(200));
        await Wait.UntilAsync(() => nodes.Servers[0].Engine.Running == 1, TimeSpan.FromSeconds(5));
        // The node grain's scrape, synced to this silo's replica, sees it running.
        var replica = silo.Services.GetRequiredService<NodeDirectory>().All.Single();
        await Wait.UntilAsync(() => replica.LastSample?.Running >= 1, TimeSpan.FromSeconds(10));

        var started = DateTime.UtcNow;
        using var refused = await http.PostAsync("v1/chat/completions", Body(2));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.NotNull(refused.Headers.RetryAfter);
        Assert.True(DateTime.UtcNow - started >= TimeSpan.FromMilliseconds(350));
        Assert.Equal(1, nodes.Servers[0].Engine.RequestsReceived);

        using var done = await longRun;
        Assert.Equal(HttpStatusCode.OK, done.StatusCode);

        // Once the node is idle again (as the replica sees it), a request passes at once.
        await Wait.UntilAsync(() => replica.LastSample?.Running == 0, TimeSpan.FromSeconds(10));
        using var ok = await http.PostAsync("v1/chat/completions", Body(2));
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
    }
}
