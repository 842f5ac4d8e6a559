using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using GatoLink.Grains.Nodes.Adapters;
using GatoLink.Grains.Abstractions.Nodes;
using GatoLink.Integration.Tests.Infrastructure;

namespace GatoLink.Integration.Tests.Placement;

public sealed class NodeAdminTests
{
    [Fact]
    public async Task RegisteredNodeDiscoversItsModelsAndShowsFreshLiveLoad()
    {
        await using var nodes = await SimNodes.StartAsync(1, "instant");
        await using var silo = await SiloHarness.StartAsync();

        using var created = await silo.Admin.PostAsJsonAsync("admin/nodes", new { id = "sim", base_url = nodes.Urls[0].ToString(), engine = "vllm" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var node = await created.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal("demo-8b", (string)node!["models"]![0]!);
        Assert.True((bool)node["models_discovered"]!);

        JsonObject? listed = null;
        await Wait.UntilAsync(() =>
        {
            listed = silo.Admin.GetFromJsonAsync<JsonArray>("admin/nodes").GetAwaiter().GetResult()![0]!.AsObject();
            return (string)listed["load"]!["state"]! == "fresh";
        }, TimeSpan.FromSeconds(5));
        Assert.Equal("closed", (string)listed!["circuit"]!);
        Assert.True((long)listed["load"]!["kv_capacity_tokens"]! > 0, listed.ToJsonString());
    }

    [Fact]
    public async Task NodesCanBePatchedAndDeleted()
    {
        await using var silo = await SiloHarness.StartAsync();
        using var created = await silo.Admin.PostAsJsonAsync("admin/nodes", new { id = "n1", base_url = "http://127.0.0.1:9/v1", models = new[] { "m" } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        using var patched = await silo.Admin.PatchAsJsonAsync("admin/nodes/n1", new { vram_gb = 80, labels = new { zone = "a" } });
        var view = await patched.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal(80, (double)view!["vram_gb"]!);
        Assert.Equal("a", (string)view["labels"]!["zone"]!);
        Assert.Equal("http://127.0.0.1:9/", (string)view["base_url"]!);

        using var deleted = await silo.Admin.DeleteAsync("admin/nodes/n1");
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        using var missing = await silo.Admin.GetAsync("admin/nodes/n1");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task NodeRoutesAreForSystemAdminsOnly()
    {
        await using var silo = await SiloHarness.StartAsync();
        using var user = silo.Http(await silo.CreateUserKeyAsync());
        using var response = await user.GetAsync("admin/nodes");
        Assert.True(response.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task VllmAdapterReadsNodeSimLive()
    {
        await using var nodes = await SimNodes.StartAsync(1, "a10-8b", timeScale: 1, o => o.ItlMs = 20);
        var server = nodes.Servers[0];
        using var http = new HttpClient();
        using var silo = new HttpClient { BaseAddress = nodes.Urls[0] };
        var record = new GpuNodeRecord("sim", nodes.Urls[0], EngineKind.Vllm, [], 0, new Dictionary<string, string>(), false, DateTimeOffset.UnixEpoch);

        var idle = await new VllmAdapter().ScrapeAsync(http, record, CancellationToken.None);
        Assert.Equal(0, idle!.Running);
        Assert.Equal(2_000L * 16, idle.KvCapacityTokens); // a10-8b: 2000 blocks of 16

        var body = new StringContent("{\"model\":\"demo-8b\",\"max_tokens\":100,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", System.Text.Encoding.UTF8, "application/json");
        var running = silo.PostAsync("v1/chat/completions", body);
        await Wait.UntilAsync(() => server.Engine.Running == 1, TimeSpan.FromSeconds(5));
        var busy = await new VllmAdapter().ScrapeAsync(http, record, CancellationToken.None);
        Assert.Equal(1, busy!.Running);
        Assert.Equal(0, busy.Waiting);
        Assert.True(busy.KvUsage > 0);
        (await running).Dispose();
        body.Dispose();
    }
}
