using System.Net;
using System.Net.Sockets;
using System.Runtime.Versioning;
using GatoLink.Cli.Hosting;

namespace GatoLink.Integration.Tests.Cli;

[Collection(CliCollection.Name)]
public sealed class ConnectionTests(CliSiloFixture fixture)
{
    [Fact]
    public async Task AnUnreachableSiloIsOneClearLineAndExitOne()
    {
        var url = $"http://127.0.0.1:{ClosedPort()}/";

        var run = await fixture.RunAsync("tenants", "list", "--url", url);

        var error = run.FailedWith(ExitCodes.Failed);
        Assert.StartsWith($"error: cannot reach the silo at {url}: ", error, StringComparison.Ordinal);
        Assert.Single(error.TrimEnd('\n').Split('\n'));
        Assert.Equal(string.Empty, run.Stdout);
    }

    [Fact]
    public async Task ABadKeyIsOneClearLineAndExitOneWithoutEchoingTheKey()
    {
        const string wrong = "gl-thisIsNotAKeyTheSiloKnows0000000000000000";

        var run = await fixture.RunAsync("tenants", "list", "--key", wrong);

        var error = run.FailedWith(ExitCodes.Failed);
        Assert.StartsWith("error: the silo refused the admin key (401): ", error, StringComparison.Ordinal);
        Assert.Single(error.TrimEnd('\n').Split('\n'));
        Assert.DoesNotContain(wrong, run.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AUserKeyIsRefusedTheAdminApi()
    {
        var (_, secret) = await fixture.Silo.CreateKeyAsync(await fixture.Silo.CreateTenantAsync("conn-user"));

        var run = await fixture.RunAsync("tenants", "list", "--admin-key", secret);

        Assert.Equal("error: This key may not use the admin API.\n", run.FailedWith(ExitCodes.Failed));
    }

    [Fact]
    public async Task NoUrlOrNoKeyIsAUsageError()
    {
        var noUrl = await fixture.RunWithAsync(new Dictionary<string, string?> { ["GATOLINK_URL"] = null }, null, "tenants", "list");
        Assert.Contains("no silo URL", noUrl.FailedWith(ExitCodes.Usage), StringComparison.Ordinal);

        var noKey = await fixture.RunWithAsync(new Dictionary<string, string?> { ["GATOLINK_ADMIN_KEY"] = null }, null, "tenants", "list");
        Assert.Contains("no admin key", noKey.FailedWith(ExitCodes.Usage), StringComparison.Ordinal);

        var badUrl = await fixture.RunAsync("tenants", "list", "--url", "127.0.0.1:8080");
        badUrl.FailedWith(ExitCodes.Usage);
    }

    [Fact]
    [UnsupportedOSPlatform("windows")] // file modes are POSIX
    public async Task LoginSavesAnOwnerOnlyProfileThatLaterCommandsUseAndNeverPrintsTheKey()
    {
        var config = fixture.NewConfigPath();
        var onlyConfig = new Dictionary<string, string?> { ["GATOLINK_URL"] = null, ["GATOLINK_ADMIN_KEY"] = null, ["GATOLINK_CONFIG"] = config };

        var login = (await fixture.RunWithAsync(onlyConfig, fixture.Silo.AdminKey + "\n", "login", "--url", fixture.Silo.BaseUrl.ToString())).Succeeded();

        Assert.DoesNotContain(fixture.Silo.AdminKey, login.All, StringComparison.Ordinal);
        Assert.Contains(config, login.Stdout, StringComparison.Ordinal);
        Assert.True(File.Exists(config));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(config));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.GetDirectoryName(config)!));
        Assert.Contains(fixture.Silo.AdminKey, await File.ReadAllTextAsync(config), StringComparison.Ordinal);

        var list = (await fixture.RunWithAsync(onlyConfig, null, "tenants", "list", "-o", "json")).Succeeded();
        Assert.NotEmpty(list.Json.AsArray());
        Assert.DoesNotContain(fixture.Silo.AdminKey, list.All, StringComparison.Ordinal);

        // A second profile, with a key from the environment; the first is kept, and the file stays owner-only.
        var withEnvKey = new Dictionary<string, string?>(onlyConfig) { ["GATOLINK_ADMIN_KEY"] = fixture.Silo.AdminKey };
        (await fixture.RunWithAsync(withEnvKey, null, "login", "--url", fixture.Silo.BaseUrl.ToString(), "--profile", "second", "-o", "json")).Succeeded();
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(config));
        (await fixture.RunWithAsync(onlyConfig, null, "tenants", "list", "--profile", "second")).Succeeded();

        var logout = (await fixture.RunWithAsync(onlyConfig, null, "logout")).Succeeded();
        Assert.Contains("Removed profile 'default'", logout.Stdout, StringComparison.Ordinal);
        (await fixture.RunWithAsync(onlyConfig, null, "tenants", "list")).FailedWith(ExitCodes.Usage);
        (await fixture.RunWithAsync(onlyConfig, null, "tenants", "list", "--profile", "second")).Succeeded();
    }

    [Fact]
    public async Task AProfilesKeyIsNotSentToAnotherUrl()
    {
        var config = fixture.NewConfigPath();
        var onlyConfig = new Dictionary<string, string?> { ["GATOLINK_URL"] = null, ["GATOLINK_ADMIN_KEY"] = null, ["GATOLINK_CONFIG"] = config };
        (await fixture.RunWithAsync(onlyConfig, fixture.Silo.AdminKey, "login", "--url", fixture.Silo.BaseUrl.ToString())).Succeeded();

        var elsewhere = await fixture.RunWithAsync(onlyConfig, null, "tenants", "list", "--url", $"http://127.0.0.1:{ClosedPort()}/");

        Assert.Contains("no admin key", elsewhere.FailedWith(ExitCodes.Usage), StringComparison.Ordinal);
    }

    [Fact]
    public async Task LoginWithABadKeyOrUnreachableSiloSavesNothing()
    {
        var config = fixture.NewConfigPath();
        var onlyConfig = new Dictionary<string, string?> { ["GATOLINK_URL"] = null, ["GATOLINK_ADMIN_KEY"] = null, ["GATOLINK_CONFIG"] = config };

        var badKey = await fixture.RunWithAsync(onlyConfig, "gl-wrong-key-wrong-key-wrong-key-wrong-key-00", "login", "--url", fixture.Silo.BaseUrl.ToString());
        Assert.Contains("401", badKey.FailedWith(ExitCodes.Failed), StringComparison.Ordinal);
        Assert.DoesNotContain("gl-wrong-key", badKey.All, StringComparison.Ordinal);

        var unreachable = await fixture.RunWithAsync(onlyConfig, fixture.Silo.AdminKey, "login", "--url", $"http://127.0.0.1:{ClosedPort()}/");
        Assert.Contains("cannot reach", unreachable.FailedWith(ExitCodes.Failed), StringComparison.Ordinal);

        var noKey = await fixture.RunWithAsync(onlyConfig, "", "login", "--url", fixture.Silo.BaseUrl.ToString());
        noKey.FailedWith(ExitCodes.Usage);

        Assert.False(File.Exists(config));
    }

    [Fact]
    [UnsupportedOSPlatform("windows")] // file modes are POSIX
    public async Task AConfigFileOthersCanReadIsUsedWithAWarning()
    {
        var config = fixture.NewConfigPath();
        var onlyConfig = new Dictionary<string, string?> { ["GATOLINK_URL"] = null, ["GATOLINK_ADMIN_KEY"] = null, ["GATOLINK_CONFIG"] = config };
        (await fixture.RunWithAsync(onlyConfig, fixture.Silo.AdminKey, "login", "--url", fixture.Silo.BaseUrl.ToString())).Succeeded();
        File.SetUnixFileMode(config, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        var run = (await fixture.RunWithAsync(onlyConfig, null, "tenants", "list")).Succeeded();

        Assert.StartsWith("warning: ", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("chmod 600", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OutputThatIsNotATerminalHasNoEscapeCodes()
    {
        var run = (await fixture.RunAsync("nodes", "list")).Succeeded();

        Assert.DoesNotContain('\u001b', run.All);
    }

    /// <summary>A loopback port nothing listens on: bound, read, released.</summary>
    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
