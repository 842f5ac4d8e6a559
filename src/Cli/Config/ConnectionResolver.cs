using GatoLink.Cli.Hosting;
using GatoLink.Cli.SignIn;

namespace GatoLink.Cli.Config;

/// <summary>
/// Picks the silo and credential for a command. Each comes from the first that has it: the flag, the environment
/// (<c>GATOLINK_URL</c>, <c>GATOLINK_ADMIN_KEY</c>), the profile (an admin key or a sign-in). A profile's key or
/// token is only sent to that profile's own URL: pointing <c>--url</c> somewhere else does not leak it there.
/// </summary>
public static class ConnectionResolver
{
    /// <summary>The silo URL variable.</summary>
    public const string UrlVariable = "GATOLINK_URL";

    /// <summary>The admin key variable.</summary>
    public const string KeyVariable = "GATOLINK_ADMIN_KEY";

    /// <summary>The profile variable.</summary>
    public const string ProfileVariable = "GATOLINK_PROFILE";

    /// <summary>The profile used when none is named.</summary>
    public const string DefaultProfile = "default";

    /// <summary>The profile named by the flag, the environment, or the default.</summary>
    public static string ProfileName(string? flag, Func<string, string?> environment) =>
        NonEmpty(flag) ?? NonEmpty(environment(ProfileVariable)) ?? DefaultProfile;

    /// <summary>The connection, or a <see cref="UsageException"/> that says how to give one.</summary>
    public static Connection Resolve(string? urlFlag, string? keyFlag, string profileName, Func<string, string?> environment, ProfileStore store, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(store);
        var explicitUrl = NonEmpty(urlFlag) ?? NonEmpty(environment(UrlVariable));
        var explicitKey = NonEmpty(keyFlag) ?? NonEmpty(environment(KeyVariable));
        var profile = explicitUrl is not null && explicitKey is not null ? null : store.Find(profileName);

        var urlText = explicitUrl ?? profile?.Url;
        if (urlText is null)
        {
            throw new UsageException($"no silo URL: pass --url, set {UrlVariable}, or run 'gatolink-admin login'.");
        }

        var url = Connection.ParseUrl(urlText)
            ?? throw new UsageException($"'{urlText}' is not an http(s) URL.");

        if (explicitKey is not null)
        {
            return new Connection(url, new AdminKeyCredential(explicitKey));
        }

        if (profile is not null && Connection.ParseUrl(profile.Url) == url)
        {
            if (profile.Key is { } key)
            {
                return new Connection(url, new AdminKeyCredential(key));
            }

            if (profile.SignIn is { } signIn)
            {
                return new Connection(url, new SignInCredential(url, signIn, store, profileName, time));
            }
        }

        throw new UsageException($"no admin key or sign-in for {url}: pass --key, set {KeyVariable}, or run 'gatolink-admin login --url {url}' "
            + $"(admin key) or 'gatolink-admin login --oidc --url {url}' (your identity provider).");
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
