using GatoLink.Cli.Hosting;

namespace GatoLink.Integration.Tests.Cli;

[Collection(CliCollection.Name)]
public sealed class NodeCommandTests(CliSiloFixture fixture)
{
    [Fact]
    public async Task ListShowsLiveLoadColumnsAndTheApisJson()
    {
        var table = (await fixture.RunAsync("nodes", "list")).Succeeded();
        foreach (var column in new[] { "Queue", "Running", "KV %", "Circuit", "node-1" })
        {
            Assert.Contains(column, table.Stdout, StringComparison.Ordinal);
        }

        var json = (await fixture.RunAsync("nodes", "list", "-o", "json")).Succeeded().Json;
        var node = json.AsArray().Single(n => (string)n!["id"]! == "node-1")!;
        Assert.Equal(fixture.Nodes.Urls[0].ToString(), (string)node["base_url"]!);
        Assert.NotNull(node["circuit"]);
        Assert.NotNull(node["load"]!["state"]);
        Assert.True(node["load"]!.AsObject().ContainsKey("kv_cache_usage"));
        Assert.True(node["load"]!.AsObject().ContainsKey("waiting"));
    }

    [Fact]
    public async Task AddShowUpdateDrainUndrainAndRemoveANode()
    {
        var id = "cli-node-" + Guid.NewGuid().ToString("N")[..6];
        var url = fixture.Nodes.Urls[0].ToString();

        var added = (await fixture.RunAsync("nodes", "add", "--id", id, "--base-url", url, "--model", "demo-8b", "--vram-gb", "80", "--label", "zone=a", "-o", "json")).Succeeded().Json;
        Assert.Equal(id, (string)added["id"]!);
        Assert.Equal("vllm", (string)added["engine"]!);
        Assert.Equal(80, (double)added["vram_gb"]!);
        Assert.Equal("a", (string)added["labels"]!["zone"]!);

        var shown = (await fixture.RunAsync("nodes", "show", id)).Succeeded();
        Assert.Contains("zone=a", shown.Stdout, StringComparison.Ordinal);
        Assert.Contains("serving", shown.Stdout, StringComparison.Ordinal);

        var updated = (await fixture.RunAsync("nodes", "update", id, "--vram-gb", "24", "--label", "zone=b", "-o", "json")).Succeeded().Json;
        Assert.Equal(24, (double)updated["vram_gb"]!);
        Assert.Equal("b", (string)updated["labels"]!["zone"]!);
        Assert.Equal("demo-8b", (string)updated["models"]![0]!);

        var drained = (await fixture.RunAsync("nodes", "drain", id, "-o", "json")).Succeeded().Json;
        Assert.True((bool)drained["draining"]!);
        var listed = (await fixture.RunAsync("nodes", "list")).Succeeded();
        Assert.Contains("draining", Assert.Single(listed.Stdout.Split('\n'), l => l.Contains(id, StringComparison.Ordinal)), StringComparison.Ordinal);

        var undrained = (await fixture.RunAsync("nodes", "undrain", id)).Succeeded();
        Assert.Contains($"Undrained node {id}", undrained.Stdout, StringComparison.Ordinal);
        Assert.False((bool)(await fixture.RunAsync("nodes", "show", id, "-o", "json")).Succeeded().Json["draining"]!);

        (await fixture.RunAsync("nodes", "remove", id, "--yes")).Succeeded();
        var gone = await fixture.RunAsync("nodes", "show", id);
        Assert.Equal("error: Node was not found.\n", gone.FailedWith(ExitCodes.Failed));
    }

    [Fact]
    public async Task ANodeDeclaresTheApisItServesItselfAndAnAnthropicNodeCannot()
    {
        var id = "cli-native-" + Guid.NewGuid().ToString("N")[..6];
        var url = fixture.Nodes.Urls[0].ToString();

        var added = (await fixture.RunAsync("nodes", "add", "--id", id, "--base-url", url, "--model", "demo-8b", "--native-api", "responses", "-o", "json")).Succeeded().Json;
        var shown = (await fixture.RunAsync("nodes", "show", id)).Succeeded();
        var cleared = (await fixture.RunAsync("nodes", "update", id, "--native-api", "none", "-o", "json")).Succeeded().Json;
        var refused = await fixture.RunAsync("nodes", "update", id, "--engine", "anthropic", "--native-api", "responses");
        (await fixture.RunAsync("nodes", "remove", id, "--yes")).Succeeded();

        Assert.Equal("responses", (string)added["native_apis"]![0]!);
        Assert.Contains(shown.Stdout.Split('\n'), l => l.Contains("Native APIs", StringComparison.Ordinal) && l.Contains("responses", StringComparison.Ordinal));
        Assert.Empty(cleared["native_apis"]!.AsArray());
        Assert.Contains("native_apis", refused.FailedWith(ExitCodes.Failed), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ATenantAdminIsRefusedWithTheSiloMessageAndExitOne()
    {
        var tenant = await fixture.Silo.CreateTenantAsync("nodes-tenant-admin");
        var (_, secret) = await fixture.Silo.CreateKeyAsync(tenant, new { name = "ta", role = "tenant_admin" });

        var run = await fixture.RunWithAsync(new Dictionary<string, string?> { ["GATOLINK_ADMIN_KEY"] = secret }, null, "nodes", "list");

        Assert.Equal("error: Only a system admin may do this.\n", run.FailedWith(ExitCodes.Failed));
        Assert.DoesNotContain(secret, run.All, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("nodes", "add", "--id", "x")]
    [InlineData("nodes", "add", "--base-url", "ftp://10.0.0.1")]
    [InlineData("nodes", "add", "--base-url", "http://10.0.0.1:8000", "--engine", "triton")]
    [InlineData("nodes", "add", "--base-url", "http://10.0.0.1:8000", "--label", "novalue")]
    [InlineData("nodes", "update", "gpu-1")]
    [InlineData("nodes", "update", "gpu-1", "--discover-models", "--model", "m")]
    [InlineData("nodes", "remove", "gpu-1")]
    [InlineData("nodes", "drain")]
    public async Task BadCommandLinesExitTwo(params string[] args) =>
        (await fixture.RunAsync(args)).FailedWith(ExitCodes.Usage);
}
