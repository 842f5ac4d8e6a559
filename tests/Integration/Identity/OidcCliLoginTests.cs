using System.Runtime.Versioning;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using GatoLink.Cli.Hosting;
using GatoLink.Integration.Tests.Cli;
using Microsoft.Extensions.Time.Testing;

namespace GatoLink.Integration.Tests.Identity;

/// <summary>
/// <c>gatolink-admin login --oidc</c> against the real provider and silo: the CLI asks the provider for a device code,
/// the user approves (or denies) it on the provider's pages, the CLI's polls see that, and later commands send the
/// saved access token as Bearer. The CLI's clock is a fake one the test moves, so no poll interval is slept for real.
/// </summary>
public sealed partial class OidcCliLoginTests : IClassFixture<OidcAdminFixture>, IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan PollStep = TimeSpan.FromSeconds(5);

    private readonly OidcAdminFixture _f;
    private readonly DirectoryInfo _home = Directory.CreateTempSubdirectory("gatolink-oidc-cli-");

    public OidcCliLoginTests(OidcAdminFixture fixture) => _f = fixture;

    [Fact]
    [UnsupportedOSPlatform("windows")] // file modes are POSIX
    public async Task A_tenant_claim_user_approves_the_device_code_and_the_CLI_then_sees_only_that_tenant()
    {
        var config = ConfigPath();
        var login = (await LoginAsync(config, "bob", approve: true)).Succeeded();
        Assert.Contains($"Signed in to {_f.Silo.BaseUrl} through {_f.Provider.Issuer}", login.Stdout, StringComparison.Ordinal);

        // Saved like an admin key: owner-only, never printed.
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(config));
        var signIn = SavedSignIn(config);
        var token = (string)signIn["access_token"]!;
        Assert.NotNull((string?)signIn["refresh_token"]);
        Assert.DoesNotContain(token, login.All, StringComparison.Ordinal);

        var tenants = (await RunAsync(config, "tenants", "list", "-o", "json")).Succeeded();
        Assert.Equal([_f.Acme.Name], tenants.Json.AsArray().Select(t => (string)t!["name"]!));
        (await RunAsync(config, "keys", "list", "--tenant", _f.Acme.Id.ToString())).Succeeded();
        var other = await RunAsync(config, "keys", "list", "--tenant", _f.Other.Id.ToString());
        Assert.Contains("not found", other.FailedWith(ExitCodes.Failed), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_user_who_denies_the_device_on_the_provider_leaves_the_CLI_failing_and_nothing_saved()
    {
        var config = ConfigPath();
        var login = await LoginAsync(config, "bob", approve: false);

        // Standard error has the instructions it printed, then one error line.
        Assert.True(login.ExitCode == ExitCodes.Failed, $"exit {login.ExitCode}\n{login.All}");
        var last = login.Stderr.TrimEnd('\n').Split('\n')[^1];
        Assert.Equal("error: the sign-in was denied at the identity provider: nothing was saved.", last);
        Assert.DoesNotContain("   at ", login.Stderr, StringComparison.Ordinal);
        Assert.Empty(login.Stdout);
        Assert.False(File.Exists(config));
    }

    [Fact]
    public async Task A_code_nobody_approves_expires_and_the_CLI_says_to_start_again()
    {
        var config = ConfigPath();
        var time = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        var session = CliSession.Start(["login", "--oidc", "--url", _f.Silo.BaseUrl.ToString()], Env(config), time);
        await session.Stderr.WaitForAsync(PromptOf, session.Exit, Patience);

        // A minute per move: the provider keeps saying authorization_pending until the code's lifetime has passed.
        await CliSession.AdvanceUntilAsync(time, TimeSpan.FromMinutes(1), session.Exit, Patience);
        var run = await session.EndAsync(Patience);
        Assert.True(run.ExitCode == ExitCodes.Failed, $"exit {run.ExitCode}\n{run.All}");
        Assert.Equal("error: the sign-in code expired before it was approved: run 'gatolink-admin login --oidc' again.", run.Stderr.TrimEnd('\n').Split('\n')[^1]);
        Assert.False(File.Exists(config));
    }

    [Fact]
    public async Task Logout_forgets_the_sign_in_and_the_next_command_asks_to_sign_in()
    {
        var config = ConfigPath();
        (await LoginAsync(config, "bob", approve: true)).Succeeded();
        (await RunAsync(config, "logout")).Succeeded();
        Assert.DoesNotContain("access_token", File.ReadAllText(config), StringComparison.Ordinal);

        var after = await CliRun.InProcessAsync(["tenants", "list"], new Dictionary<string, string?>
        {
            ["GATOLINK_CONFIG"] = config,
            ["GATOLINK_URL"] = _f.Silo.BaseUrl.ToString(),
        });
        Assert.Contains($"'gatolink-admin login --oidc --url {_f.Silo.BaseUrl}'", after.FailedWith(ExitCodes.Usage), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_expired_access_token_is_renewed_with_the_refresh_token_and_saved()
    {
        var config = ConfigPath();
        (await LoginAsync(config, "bob", approve: true)).Succeeded();
        var first = (string)SavedSignIn(config)["access_token"]!;

        var tenants = (await RunAsync(config, AfterExpiry(), "tenants", "list", "-o", "json")).Succeeded();
        Assert.Equal([_f.Acme.Name], tenants.Json.AsArray().Select(t => (string)t!["name"]!));
        var renewed = SavedSignIn(config);
        Assert.NotEqual(first, (string)renewed["access_token"]!);
        Assert.True(DateTimeOffset.Parse((string)renewed["expires_at"]!, System.Globalization.CultureInfo.InvariantCulture) > AfterExpiry().GetUtcNow());
    }

    [Fact]
    public async Task An_expired_access_token_without_a_refresh_token_asks_to_sign_in_again()
    {
        var config = ConfigPath();
        (await LoginAsync(config, "bob", approve: true)).Succeeded();
        var file = JsonNode.Parse(File.ReadAllText(config))!;
        file["profiles"]!["default"]!["sign_in"]!.AsObject().Remove("refresh_token");
        File.WriteAllText(config, file.ToJsonString());

        var expired = await RunAsync(config, AfterExpiry(), "tenants", "list");
        var error = expired.FailedWith(ExitCodes.Failed);
        Assert.Contains("has expired and cannot be renewed", error, StringComparison.Ordinal);
        Assert.Contains("gatolink-admin login --oidc", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_built_tool_signs_in_as_a_separate_process_and_its_next_run_uses_the_token()
    {
        var config = ConfigPath();
        var stderr = new WatchedWriter();
        var login = CliProcess.RunWatchedAsync(Env(config), stderr, "login", "--oidc", "--url", _f.Silo.BaseUrl.ToString());
        var prompt = await stderr.WaitForAsync(PromptOf, login, Patience);
        await ProviderUser.DecideAsync("bob", prompt.Complete, prompt.Code, approve: true);

        // The process polls on the real clock, at the provider's interval, until it sees the approval.
        var (code, stdout) = await login;
        Assert.True(code == ExitCodes.Success, $"exit {code}\n{stdout}\n{stderr.Text}");

        var (listed, tenants, errors) = await CliProcess.RunAsync(Env(config), "tenants", "list", "-o", "json");
        Assert.True(listed == ExitCodes.Success, errors);
        Assert.Equal([_f.Acme.Name], JsonNode.Parse(tenants)!.AsArray().Select(t => (string)t!["name"]!));
    }

    public void Dispose() => _home.Delete(recursive: true);

    /// <summary>Runs <c>login --oidc</c> until the user has decided on the provider and the CLI has ended.</summary>
    private async Task<CliRun> LoginAsync(string config, string user, bool approve)
    {
        while (_f.Provider.DevicePolls.TryRead(out _))
        {
            // Polls an earlier test's CLI made: this one counts its own.
        }

        var time = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        var session = CliSession.Start(["login", "--oidc", "--url", _f.Silo.BaseUrl.ToString()], Env(config), time);
        var prompt = await session.Stderr.WaitForAsync(PromptOf, session.Exit, Patience);
        Assert.StartsWith(new Uri(_f.Provider.Issuer, "connect/verify").ToString(), prompt.Complete.ToString(), StringComparison.Ordinal);

        // Before the user decides, a poll is told authorization_pending and the CLI keeps waiting.
        var firstPoll = _f.Provider.DevicePolls.ReadAsync().AsTask();
        await CliSession.AdvanceUntilAsync(time, PollStep, firstPoll, Patience);
        Assert.Equal("authorization_pending", await firstPoll);
        Assert.False(session.Exit.IsCompleted, session.Stderr.Text);

        var page = await ProviderUser.DecideAsync(user, prompt.Complete, prompt.Code, approve);
        Assert.Contains(approve ? "Device approved" : "Device denied", page, StringComparison.Ordinal);
        await CliSession.AdvanceUntilAsync(time, PollStep, session.Exit, Patience);
        return await session.EndAsync(Patience);
    }

    private static Prompt? PromptOf(string stderr)
    {
        var code = UserCode().Match(stderr);
        var complete = CompleteUri().Match(stderr);
        return code.Success && complete.Success ? new Prompt(code.Groups[1].Value, new Uri(complete.Groups[1].Value)) : null;
    }

    private Task<CliRun> RunAsync(string config, params string[] args) => CliRun.InProcessAsync(args, Env(config));

    private Task<CliRun> RunAsync(string config, TimeProvider time, params string[] args) => CliRun.InProcessAsync(args, Env(config), time: time);

    /// <summary>A clock past the access token's hour.</summary>
    private static FakeTimeProvider AfterExpiry() => new(TimeProvider.System.GetUtcNow() + TimeSpan.FromHours(2));

    private static JsonNode SavedSignIn(string config) => JsonNode.Parse(File.ReadAllText(config))!["profiles"]!["default"]!["sign_in"]!;

    private string ConfigPath() => Path.Combine(_home.FullName, Guid.NewGuid().ToString("N"), "config.json");

    private static Dictionary<string, string?> Env(string config) => new(StringComparer.Ordinal) { ["GATOLINK_CONFIG"] = config };

    [GeneratedRegex(@"enter the code: (\S+)")]
    private static partial Regex UserCode();

    [GeneratedRegex(@"Or open (\S+) \(the code")]
    private static partial Regex CompleteUri();

    private sealed record Prompt(string Code, Uri Complete);
}
