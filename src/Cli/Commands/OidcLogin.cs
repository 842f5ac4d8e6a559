using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using GatoLink.Cli.Api;
using GatoLink.Cli.Api.Dtos;
using GatoLink.Cli.Config;
using GatoLink.Cli.Hosting;
using GatoLink.Cli.SignIn;
using Spectre.Console;

namespace GatoLink.Cli.Commands;

/// <summary>
/// <c>login --oidc</c>: sign in at the identity provider the silo trusts with the device code flow, check the access
/// token against the silo, and save it in the profile (owner-only file) so later commands send it as Bearer.
/// </summary>
public static class OidcLogin
{
    private static readonly TimeSpan ProviderTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Signs in for the silo at <paramref name="url"/> and saves the sign-in as the call's profile.</summary>
    public static async Task<int> RunAsync(CommandCall call, Uri url)
    {
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(url);
        using var http = new HttpClient { Timeout = ProviderTimeout };
        var provider = await ReadProviderAsync(http, url, call.Cancellation);
        var signIn = await new DeviceCodeSignIn(http, call.Context.Time).RunAsync(provider, prompt => Show(call.Output.ErrorConsole, prompt), call.Cancellation);

        // The same check as a key login: the silo accepts the token and the user has a role (else it says why, and nothing is saved).
        var store = call.Profiles;
        var profile = call.ProfileName;
        using (var client = new AdminClient(new Connection(url, new SignInCredential(url, signIn, store, profile, call.Context.Time))))
        {
            await client.GetAsync("admin/tenants", call.Cancellation);
        }

        store.Save(profile, new SavedProfile(url.ToString(), Key: null, signIn));
        if (call.Output.IsJson)
        {
            call.Output.Json(new JsonObject
            {
                ["profile"] = profile,
                ["url"] = url.ToString(),
                ["identity_provider"] = provider.Authority,
                ["expires_at"] = signIn.ExpiresAt?.ToString("O"),
                ["config_file"] = store.Path,
            }.ToJsonString());
        }
        else
        {
            call.Output.Line($"Signed in to {url} through {provider.Authority} as profile '{profile}'. Saved to {store.Path} (readable only by you).");
        }

        return ExitCodes.Success;
    }

    private static async Task<OidcClientConfigDto> ReadProviderAsync(HttpClient http, Uri url, CancellationToken ct)
    {
        string body;
        HttpStatusCode status;
        try
        {
            using var response = await http.GetAsync(new Uri(url, "auth/oidc"), ct);
            status = response.StatusCode;
            body = await response.Content.ReadAsStringAsync(ct);
        }
        catch (HttpRequestException ex)
        {
            throw new SiloUnreachableException(url, ex.Message, ex);
        }
        catch (OperationCanceledException ex) when (!ct.IsCancellationRequested)
        {
            throw new SiloUnreachableException(url, $"no answer within {ProviderTimeout.TotalSeconds:0} s", ex);
        }

        if (status == HttpStatusCode.NotFound)
        {
            throw new SignInException($"the silo at {url} has no identity provider configured (GatoLink:Oidc:Authority): sign in with an admin key, 'gatolink-admin login --url {url}'.");
        }

        if (status != HttpStatusCode.OK)
        {
            throw new SignInException($"the silo at {url} did not say which identity provider to sign in with ({(int)status}).");
        }

        return JsonSerializer.Deserialize(body, CliJsonContext.Default.OidcClientConfigDto)
            ?? throw new SignInException($"the silo at {url} answered /auth/oidc with nothing.");
    }

    private static void Show(IAnsiConsole console, DeviceCodePrompt prompt)
    {
        console.WriteLine($"To sign in, open {prompt.VerificationUri} and enter the code: {prompt.UserCode}");
        if (prompt.VerificationUriComplete is { } complete)
        {
            console.WriteLine($"Or open {complete} (the code is filled in).");
        }

        console.WriteLine($"Waiting for approval (the code expires in {Math.Ceiling(prompt.ExpiresIn.TotalMinutes):0} min)…");
    }
}
