using GatoLink.Cli.Hosting;

namespace GatoLink.Integration.Tests.Cli;

[Collection(CliCollection.Name)]
public sealed class AlertCommandTests(CliSiloFixture fixture)
{
    [Fact]
    public async Task SetThenShowAKeysAlertRulesAndAddAWebhookWhoseSecretIsShownOnce()
    {
        var tenant = await fixture.Silo.CreateTenantAsync("alerts-cli");
        var (key, _) = await fixture.Silo.CreateKeyAsync(tenant, new { name = "a" });

        var set = (await fixture.RunAsync("alerts", "set", "--key-id", key.ToString(), "--threshold", "90", "--threshold", "75", "--anomaly-factor", "4")).Succeeded();
        Assert.Contains("thresholds 75%, 90%; spend anomaly 4×", set.Stdout, StringComparison.Ordinal);
        var json = (await fixture.RunAsync("alerts", "show", "--key-id", key.ToString(), "-o", "json")).Succeeded().Json;
        Assert.False((bool)json["is_default"]!);
        Assert.Contains("defaults", (await fixture.RunAsync("alerts", "show", "--tenant", tenant.ToString())).Succeeded().Stdout, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Failed, (await fixture.RunAsync("alerts", "set", "--tenant", tenant.ToString(), "--threshold", "120")).ExitCode);

        var added = (await fixture.RunAsync("alerts", "webhook-add", "--url", "http://127.0.0.1:9/hook", "--event", "budget.threshold", "--format", "slack", "--tenant", tenant.ToString())).Succeeded();
        Assert.Contains("SECRET (shown once, store it now): whsec_", added.Stdout, StringComparison.Ordinal);
        var list = (await fixture.RunAsync("alerts", "webhooks")).Succeeded();
        Assert.Contains("http://127.0.0.1:9/hook", list.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("whsec_", list.Stdout, StringComparison.Ordinal);
    }
}
