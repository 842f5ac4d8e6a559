namespace GatoLink.Integration.Tests.Cli;

/// <summary>The CLI's fair-share flags: a tenant's weight, guaranteed share and cap, a key's priority and cap.</summary>
[Collection(CliCollection.Name)]
public sealed class ScheduleCommandTests(CliSiloFixture fixture)
{
    [Fact]
    public async Task TenantAndKeyFairShareFlagsAreSentShownChangedAndUnset()
    {
        var tenant = (await fixture.RunAsync("tenants", "create", "--name", "cli-fair", "--weight", "3", "--guaranteed-share", "0.2", "--max-concurrent", "5", "-o", "json")).Succeeded().Json;
        var id = (string)tenant["id"]!;
        var shown = (await fixture.RunAsync("tenants", "show", id)).Succeeded().Stdout;
        var updated = (await fixture.RunAsync("tenants", "update", id, "--weight", "4", "--unset", "guaranteed-share", "--unset", "max-concurrent", "-o", "json")).Succeeded().Json;
        var key = (await fixture.RunAsync("keys", "create", "--tenant", id, "--priority", "batch", "--max-concurrent", "2", "-o", "json")).Succeeded().Json;
        var keyShown = (await fixture.RunAsync("keys", "show", (string)key["id"]!)).Succeeded().Stdout;
        var badPriority = await fixture.RunAsync("keys", "update", (string)key["id"]!, "--priority", "urgent");
        var badShare = await fixture.RunAsync("tenants", "update", id, "--guaranteed-share", "1.5");

        Assert.Equal(3, (int)tenant["weight"]!);
        Assert.Equal(0.2, (double)tenant["guaranteed_share"]!);
        Assert.Equal(5, (int)tenant["max_concurrent"]!);
        Assert.Contains("20%", shown, StringComparison.Ordinal);
        Assert.Equal(4, (int)updated["weight"]!);
        Assert.Null(updated["guaranteed_share"]);
        Assert.Null(updated["max_concurrent"]);
        Assert.Equal("batch", (string)key["priority"]!);
        Assert.Equal(2, (int)key["max_concurrent"]!);
        Assert.Contains("batch", keyShown, StringComparison.Ordinal);
        Assert.NotEqual(0, badPriority.ExitCode);
        Assert.NotEqual(0, badShare.ExitCode);
    }
}
