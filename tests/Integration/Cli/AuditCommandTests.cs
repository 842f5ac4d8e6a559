using GatoLink.Cli.Hosting;

namespace GatoLink.Integration.Tests.Cli;

[Collection(CliCollection.Name)]
public sealed class AuditCommandTests(CliSiloFixture fixture)
{
    [Fact]
    public async Task ATenantsChangesMadeThroughTheCliAreInItsAuditLog()
    {
        var tenant = (string)(await fixture.RunAsync("tenants", "create", "--name", "audited", "-o", "json")).Succeeded().Json["id"]!;
        var key = (await fixture.RunAsync("keys", "create", "--tenant", tenant, "-o", "json")).Succeeded().Json;
        var secret = (string)key["key"]!;
        (await fixture.RunAsync("keys", "rotate", (string)key["id"]!, "-o", "json")).Succeeded();

        var json = (await fixture.RunAsync("audit", "--tenant", tenant, "-o", "json")).Succeeded().Json;
        var actions = json.AsArray().Select(e => (string)e!["action"]!).ToList();
        Assert.Equal(["tenant.create", "key.create", "key.rotate"], actions);
        Assert.All(json.AsArray(), e => Assert.Equal(tenant, (string)e!["tenant_id"]!));

        var table = (await fixture.RunAsync("audit", "--tenant", tenant, "--from", DateTimeOffset.UtcNow.AddHours(-1).ToString("o"), "--limit", "10")).Succeeded();
        Assert.Contains("key.rotate", table.Stdout, StringComparison.Ordinal);
        Assert.Contains($"tenant/{tenant}", table.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, table.All + json.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AWindowInThePastShowsNothing()
    {
        var json = (await fixture.RunAsync("audit", "--from", "2001-01-01T00:00:00Z", "--to", "2001-01-02T00:00:00Z", "-o", "json")).Succeeded().Json;

        Assert.Empty(json.AsArray());
    }

    [Theory]
    [InlineData("audit", "--limit", "0")]
    [InlineData("audit", "--limit", "lots")]
    [InlineData("audit", "--from", "yesterday")]
    [InlineData("audit", "--tenant", "acme")]
    public async Task BadCommandLinesExitTwo(params string[] args) =>
        (await fixture.RunAsync(args)).FailedWith(ExitCodes.Usage);
}
