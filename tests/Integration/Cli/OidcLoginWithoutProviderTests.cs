using GatoLink.Cli.Hosting;

namespace GatoLink.Integration.Tests.Cli;

/// <summary><c>login --oidc</c> against a silo with no identity provider configured.</summary>
[Collection(CliCollection.Name)]
public sealed class OidcLoginWithoutProviderTests(CliSiloFixture fixture)
{
    [Fact]
    public async Task LoginOidcOnASiloWithoutAProviderSaysSoAndSavesNothing()
    {
        var config = fixture.NewConfigPath();
        var run = await fixture.RunWithAsync(
            new Dictionary<string, string?> { ["GATOLINK_ADMIN_KEY"] = null, ["GATOLINK_CONFIG"] = config }, null,
            "login", "--oidc", "--url", fixture.Silo.BaseUrl.ToString());

        var error = run.FailedWith(ExitCodes.Failed);
        Assert.Contains($"the silo at {fixture.Silo.BaseUrl} has no identity provider configured", error, StringComparison.Ordinal);
        Assert.Contains("gatolink-admin login --url", error, StringComparison.Ordinal);
        Assert.False(File.Exists(config));
    }

    [Fact]
    public async Task LoginOidcWithAKeyIsAUsageError()
    {
        var run = await fixture.RunWithAsync(new Dictionary<string, string?> { ["GATOLINK_CONFIG"] = fixture.NewConfigPath() }, null,
            "login", "--oidc", "--url", fixture.Silo.BaseUrl.ToString(), "--key", fixture.Silo.AdminKey);
        Assert.Contains("--oidc", run.FailedWith(ExitCodes.Usage), StringComparison.Ordinal);
    }
}
