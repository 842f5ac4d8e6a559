using GatoLink.Cli.Hosting;

namespace GatoLink.Integration.Tests.Cli;

[Collection(CliCollection.Name)]
public sealed class BudgetCommandTests(CliSiloFixture fixture)
{
    [Fact]
    public async Task KeyBudgetShowsEveryLimitWithABarAndTheApisJson()
    {
        var tenant = await fixture.Silo.CreateTenantAsync("budget-key");
        var (key, _) = await fixture.Silo.CreateKeyAsync(tenant, new { name = "b", rpm = 60, daily_cost_usd = 5m, monthly_tokens = 1_000_000 });

        var table = (await fixture.RunAsync("budget", "--key-id", key.ToString())).Succeeded();
        Assert.Contains("requests_per_minute", table.Stdout, StringComparison.Ordinal);
        Assert.Contains("daily_cost", table.Stdout, StringComparison.Ordinal);
        Assert.Contains("monthly_tokens", table.Stdout, StringComparison.Ordinal);
        Assert.Contains("$5.00", table.Stdout, StringComparison.Ordinal);
        Assert.Contains("Resets at", table.Stdout, StringComparison.Ordinal);
        Assert.Equal(3, table.Stdout.Split('\n').Count(l => l.Contains('%', StringComparison.Ordinal) && l.Contains('░', StringComparison.Ordinal)));

        var json = (await fixture.RunAsync("budget", "--key-id", key.ToString(), "-o", "json")).Succeeded().Json;
        Assert.Equal("key", (string)json["scope"]!);
        Assert.Equal(tenant, Guid.Parse((string)json["tenant_id"]!));
        var daily = json["limits"]!.AsArray().Single(l => (string)l!["name"]! == "daily_cost")!;
        Assert.Equal(5_000_000, (long)daily["limit"]!);
        Assert.Equal("usd_micros", (string)daily["unit"]!);
        Assert.Equal("day", (string)daily["window"]!);
        Assert.NotNull(daily["resets_at"]);
        Assert.NotNull(daily["remaining"]);
    }

    [Fact]
    public async Task KeyMeansTheAdminKeyOnBudgetAndUsageToo()
    {
        var tenant = await fixture.Silo.CreateTenantAsync("budget-admin-key");
        var (key, _) = await fixture.Silo.CreateKeyAsync(tenant, new { name = "k", rpm = 60 });

        var budget = (await fixture.RunAsync("budget", "--key-id", key.ToString(), "--key", fixture.Silo.AdminKey, "-o", "json")).Succeeded().Json;
        Assert.Equal(key, Guid.Parse((string)budget["id"]!));
        var usage = (await fixture.RunAsync("usage", "--key-id", key.ToString(), "--key", fixture.Silo.AdminKey, "-o", "json")).Succeeded().Json;
        Assert.Equal(key, Guid.Parse((string)usage["api_key_id"]!));
        var wrong = await fixture.RunAsync("budget", "--key-id", key.ToString(), "--key", "gl-not-an-admin-key");
        Assert.Equal(ExitCodes.Failed, wrong.ExitCode);
    }

    [Fact]
    public async Task TenantBudgetWithoutLimitsSaysSo()
    {
        var tenant = await fixture.Silo.CreateTenantAsync("budget-tenant");

        var run = (await fixture.RunAsync("budget", "--tenant", tenant.ToString())).Succeeded();

        Assert.Contains("No limits are set", run.Stdout, StringComparison.Ordinal);
        var json = (await fixture.RunAsync("budget", "--tenant", tenant.ToString(), "-o", "json")).Succeeded().Json;
        Assert.Equal("tenant", (string)json["scope"]!);
        Assert.Empty(json["limits"]!.AsArray());
    }

    [Fact]
    public async Task AnAdminKeyGivenAsTheKeyIdIsRefusedWithoutBeingEchoed()
    {
        var run = await fixture.RunAsync("budget", "--key-id", fixture.Silo.AdminKey);

        Assert.Contains("--key-id is a key ID", run.FailedWith(ExitCodes.Usage), StringComparison.Ordinal);
        Assert.DoesNotContain(fixture.Silo.AdminKey, run.All, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("budget")]
    [InlineData("budget", "--key-id", "0b6f3c1e-5d7a-4f0e-9d1c-2a8b7c6d5e4f", "--tenant", "0b6f3c1e-5d7a-4f0e-9d1c-2a8b7c6d5e4f")]
    public async Task NeedsExactlyOneOfKeyOrTenant(params string[] args) =>
        (await fixture.RunAsync(args)).FailedWith(ExitCodes.Usage);

    [Fact]
    public async Task AnUnknownKeyIsTheSiloss404WithExitOne()
    {
        var run = await fixture.RunAsync("budget", "--key-id", Guid.NewGuid().ToString());

        Assert.Equal("error: Key was not found.\n", run.FailedWith(ExitCodes.Failed));
    }
}
