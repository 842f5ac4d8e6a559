using System.CommandLine;
using System.Text.Json.Nodes;
using GatoLink.Cli.Api;
using GatoLink.Cli.Config;
using GatoLink.Cli.Hosting;
using Spectre.Console;

namespace GatoLink.Cli.Commands;

/// <summary>
/// <c>login</c> checks a URL and admin key against the silo and saves them as a profile (owner-only file);
/// <c>login --oidc</c> signs in at the silo's identity provider instead (<see cref="OidcLogin"/>);
/// <c>logout</c> forgets a profile, key or sign-in. Keys and tokens are never printed.
/// </summary>
public static class LoginCommands
{
    /// <summary>The <c>login</c> command.</summary>
    public static Command Login(CommandRunner runner)
    {
        ArgumentNullException.ThrowIfNull(runner);
        var oidc = new Option<bool>("--oidc")
        {
            Description = "Sign in with your account at the silo's identity provider (device code: open the link shown, enter the code) instead of an admin key.",
        };
        var command = new CliCommand("login",
            "Check a silo URL and admin key, then save them as a profile so later commands need neither. The key is read from --key, "
            + "GATOLINK_ADMIN_KEY, standard input, or a hidden prompt, and is never printed. With --oidc, sign in at the silo's "
            + "identity provider instead: the access token is saved and sent as Bearer, renewed with a refresh token when the provider gives one.",
            "gatolink-admin login --url http://127.0.0.1:8080            # prompts for the key",
            "gatolink-admin login --oidc --url https://gatolink.example.com",
            "printf '%s' \"$KEY\" | gatolink-admin login --url https://gatolink.example.com --profile prod",
            "GATOLINK_ADMIN_KEY=... gatolink-admin login --url http://127.0.0.1:8080");
        command.Options.Add(oidc);
        runner.Bind(command, async call =>
        {
            var env = call.Context.Environment;
            var urlText = Blank(call.UrlFlag) ?? Blank(env(ConnectionResolver.UrlVariable))
                ?? throw new UsageException($"give the silo URL with --url or {ConnectionResolver.UrlVariable}.");
            var url = Connection.ParseUrl(urlText) ?? throw new UsageException($"'{urlText}' is not an http(s) URL.");
            if (call.Value(oidc))
            {
                return call.KeyFlag is null
                    ? await OidcLogin.RunAsync(call, url)
                    : throw new UsageException("--oidc signs in at the identity provider: give no --key with it.");
            }

            var key = Blank(call.KeyFlag) ?? Blank(env(ConnectionResolver.KeyVariable)) ?? await ReadKeyAsync(call);

            // Any admin key may list tenants (a tenant admin sees its own): a cheap check that URL and key work together.
            using (var client = new AdminClient(new Connection(url, new AdminKeyCredential(key))))
            {
                await client.GetAsync("admin/tenants", call.Cancellation);
            }

            var store = call.Profiles;
            var profile = call.ProfileName;
            store.Save(profile, new SavedProfile(url.ToString(), key));
            if (call.Output.IsJson)
            {
                call.Output.Json(new JsonObject { ["profile"] = profile, ["url"] = url.ToString(), ["config_file"] = store.Path }.ToJsonString());
            }
            else
            {
                call.Output.Line($"Logged in to {url} as profile '{profile}'. Saved to {store.Path} (readable only by you).");
            }

            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>The <c>logout</c> command.</summary>
    public static Command Logout(CommandRunner runner)
    {
        ArgumentNullException.ThrowIfNull(runner);
        var command = new CliCommand("logout", "Forget a saved profile and its key or sign-in.",
            "gatolink-admin logout",
            "gatolink-admin logout --profile prod");
        runner.Bind(command, call =>
        {
            var store = call.Profiles;
            var profile = call.ProfileName;
            call.Output.Line(store.Remove(profile) ? $"Removed profile '{profile}' from {store.Path}." : $"No profile '{profile}' in {store.Path}.");
            return Task.FromResult(ExitCodes.Success);
        });
        return command;
    }

    private static async Task<string> ReadKeyAsync(CommandCall call)
    {
        if (!call.Context.InputIsTerminal)
        {
            var line = await call.Context.Input.ReadLineAsync(call.Cancellation);
            return Blank(line) ?? throw new UsageException("no admin key on standard input: pipe it in, pass --key or set GATOLINK_ADMIN_KEY.");
        }

        var console = call.Output.ErrorConsole;
        if (!console.Profile.Capabilities.Interactive)
        {
            throw new UsageException("no admin key: pass --key, set GATOLINK_ADMIN_KEY, or pipe it to standard input.");
        }

        return await new TextPrompt<string>("Admin key:").Secret().ShowAsync(console, call.Cancellation);
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
