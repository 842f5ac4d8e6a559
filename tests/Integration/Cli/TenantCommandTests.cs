using System.Net.Http.Json;
using System.Text.Json.Nodes;
using GatoLink.Cli.Hosting;

namespace GatoLink.Integration.Tests.Cli;

[Collection(CliCollection.Name)]
public sealed class TenantCommandTests(CliSiloFixture fixture)
{
    [Fact]
    public async Task CreateWithJsonOutputPrintsTheApisTenantWithItsFieldNames()
    {
        var run = (await fixture.RunAsync("tenants", "create", "--name", "acme-json", "--rpm", "600", "--daily-cost-usd", "12.5", "--output", "json")).Succeeded();

        var tenant = run.Json.AsObject();
        Assert.Equal("acme-json", (string)tenant["name"]!);
        Assert.Equal(600, (int)tenant["rpm"]!);
        Assert.Equal(12.5m, (decimal)tenant["daily_cost_usd"]!);
        Assert.Null(tenant["tpm"]);
        Assert.False((bool)tenant["disabled"]!);
        var fromApi = await fixture.Silo.Admin.GetFromJsonAsync<JsonObject>($"admin/tenants/{(string)tenant["id"]!}");
        Assert.Equal(fromApi!.Select(p => p.Key).Order(), tenant.Select(p => p.Key).Order());
        Assert.Equal(string.Empty, run.Stderr);
    }

    [Fact]
    public async Task ListShowsTheTenantInATableAndInJson()
    {
        var id = await CreateAsync("acme-list");

        var table = (await fixture.RunAsync("tenants", "list")).Succeeded();
        Assert.Contains("acme-list", table.Stdout, StringComparison.Ordinal);
        Assert.Contains(id, table.Stdout, StringComparison.Ordinal);
        Assert.Contains("Monthly tokens", table.Stdout, StringComparison.Ordinal);

        var json = (await fixture.RunAsync("tenants", "list", "-o", "json")).Succeeded();
        Assert.Contains(json.Json.AsArray(), t => (string)t!["id"]! == id && (string)t["name"]! == "acme-list");
    }

    [Fact]
    public async Task ShowUpdateAndUnsetChangeOnlyWhatIsGiven()
    {
        var id = await CreateAsync("acme-update", "--tpm", "1000");

        var shown = (await fixture.RunAsync("tenants", "show", id)).Succeeded();
        Assert.Contains("acme-update", shown.Stdout, StringComparison.Ordinal);
        Assert.Contains("1,000", shown.Stdout, StringComparison.Ordinal);

        var updated = (await fixture.RunAsync("tenants", "update", id, "--rpm", "100", "--disable", "-o", "json")).Succeeded().Json;
        Assert.Equal(100, (int)updated["rpm"]!);
        Assert.Equal(1000, (long)updated["tpm"]!);
        Assert.True((bool)updated["disabled"]!);

        var unset = (await fixture.RunAsync("tenants", "update", id, "--unset", "tpm", "--enable", "--name", "acme-renamed", "-o", "json")).Succeeded().Json;
        Assert.Null(unset["tpm"]);
        Assert.Equal(100, (int)unset["rpm"]!);
        Assert.False((bool)unset["disabled"]!);
        Assert.Equal("acme-renamed", (string)unset["name"]!);
    }

    [Fact]
    public async Task DeleteNeedsYesWhenNobodyCanBeAskedThenDeletes()
    {
        var id = await CreateAsync("acme-delete");

        var refused = await fixture.RunAsync("tenants", "delete", id);
        Assert.Contains("--yes", refused.FailedWith(ExitCodes.Usage), StringComparison.Ordinal);
        (await fixture.RunAsync("tenants", "show", id)).Succeeded();

        var deleted = (await fixture.RunAsync("tenants", "delete", id, "--yes")).Succeeded();
        Assert.Contains($"Deleted tenant {id}", deleted.Stdout, StringComparison.Ordinal);

        var gone = await fixture.RunAsync("tenants", "show", id);
        Assert.Equal("error: Tenant was not found.\n", gone.FailedWith(ExitCodes.Failed));
    }

    [Fact]
    public async Task ServerRefusalsExitOneWithTheServersMessage()
    {
        var id = await CreateAsync("acme-refused");

        // The silo, not the CLI, knows an admin may not delete its own tenant; here: a name the silo refuses.
        var run = await fixture.RunAsync("tenants", "update", id, "--name", "   ");
        Assert.Contains("'name' cannot be empty.", run.FailedWith(ExitCodes.Failed), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("tenants", "create")]
    [InlineData("tenants", "create", "--name", "x", "--rpm", "0")]
    [InlineData("tenants", "create", "--name", "x", "--rpm", "many")]
    [InlineData("tenants", "show", "not-a-guid")]
    [InlineData("tenants", "update", "0b6f3c1e-5d7a-4f0e-9d1c-2a8b7c6d5e4f")]
    [InlineData("tenants", "update", "0b6f3c1e-5d7a-4f0e-9d1c-2a8b7c6d5e4f", "--disable", "--enable")]
    [InlineData("tenants", "update", "0b6f3c1e-5d7a-4f0e-9d1c-2a8b7c6d5e4f", "--rpm", "5", "--unset", "rpm")]
    [InlineData("tenants")]
    [InlineData("tenants", "frobnicate")]
    [InlineData("tenants", "list", "--output", "yaml")]
    public async Task BadCommandLinesExitTwo(params string[] args)
    {
        var run = await fixture.RunAsync(args);
        run.FailedWith(ExitCodes.Usage);
        Assert.Equal(string.Empty, run.Stdout);
    }

    private async Task<string> CreateAsync(string name, params string[] extra)
    {
        var run = (await fixture.RunAsync(["tenants", "create", "--name", name, "-o", "json", .. extra])).Succeeded();
        return (string)run.Json["id"]!;
    }
}
