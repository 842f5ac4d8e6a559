using System.Net;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace GatoLink.Integration.Tests.Identity;

/// <summary>
/// A real OpenID Connect provider on 127.0.0.1:random: OpenIddict's server with discovery, a JWKS of ephemeral keys and
/// a token endpoint (the resource-owner password grant, so a test signs a user in with one request). Its users and
/// their claims are what the test registers; its clock is the one given, so a test can have it issue a token that is
/// already expired. No store: OpenIddict's degraded mode, with the token endpoint checking the password itself.
/// </summary>
public sealed class OidcProvider : IAsyncDisposable
{
    /// <summary>The one password every registered user has.</summary>
    public const string Password = "correct horse";

    /// <summary>The audience the tokens are issued for (GatoLink's default).</summary>
    public const string Audience = "gatolink";

    private readonly WebApplication _app;
    private readonly Dictionary<string, Claim[]> _users;
    private readonly HttpClient _http;

    private OidcProvider(WebApplication app, Dictionary<string, Claim[]> users, Uri issuer)
    {
        _app = app;
        _users = users;
        Issuer = issuer;
        _http = new HttpClient { BaseAddress = issuer };
    }

    /// <summary>The issuer, e.g. http://127.0.0.1:41234/ (discovery at .well-known/openid-configuration).</summary>
    public Uri Issuer { get; }

    /// <summary>Starts a provider whose tokens are stamped by <paramref name="time"/>.</summary>
    public static async Task<OidcProvider> StartAsync(TimeProvider time)
    {
        var users = new Dictionary<string, Claim[]>(StringComparer.Ordinal);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddOpenIddict().AddServer(o =>
        {
            o.SetTokenEndpointUris("connect/token");
            o.AllowPasswordFlow();
            o.AcceptAnonymousClients();
            o.EnableDegradedMode();
            o.DisableScopeValidation();
            o.AddEphemeralEncryptionKey().AddEphemeralSigningKey();
            // JwtBearer validates signed JWTs; OpenIddict encrypts access tokens unless told not to.
            o.DisableAccessTokenEncryption();
            o.SetAccessTokenLifetime(TimeSpan.FromHours(1));
            o.Configure(options => options.TimeProvider = time);
            o.UseAspNetCore().EnableTokenEndpointPassthrough().DisableTransportSecurityRequirement();
            // Degraded mode has no client store to check a request against: the token endpoint below checks the user.
            o.AddEventHandler<OpenIddictServerEvents.ValidateTokenRequestContext>(b => b.UseInlineHandler(_ => ValueTask.CompletedTask));
        });

        var app = builder.Build();
        app.MapPost("/connect/token", (HttpContext context) => SignIn(context, users));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new OidcProvider(app, users, new Uri(address.TrimEnd('/') + "/"));
    }

    /// <summary>Registers a user: its subject, display name and any other claims (groups, tenant…).</summary>
    public void AddUser(string username, string subject, string name, params (string Type, string Value)[] claims) =>
        _users[username] = [new Claim(Claims.Subject, subject), new Claim(Claims.Name, name), .. claims.Select(c => new Claim(c.Type, c.Value))];

    /// <summary>Signs the user in and returns the access token the provider issued.</summary>
    public async Task<string> TokenAsync(string username)
    {
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = GrantTypes.Password,
            ["username"] = username,
            ["password"] = Password,
            ["scope"] = Scopes.OpenId,
        });
        using var response = await _http.PostAsync("connect/token", form);
        var body = await response.Content.ReadFromJsonAsync<JsonObject>();
        Assert.True(response.IsSuccessStatusCode, $"token request for {username}: {(int)response.StatusCode} {body}");
        return body!["access_token"]!.GetValue<string>();
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static IResult SignIn(HttpContext context, Dictionary<string, Claim[]> users)
    {
        var request = context.GetOpenIddictServerRequest()!;
        if (!request.IsPasswordGrantType() || request.Username is null || !users.TryGetValue(request.Username, out var claims) || request.Password != Password)
        {
            return Results.Forbid(authenticationSchemes: [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
        }

        var identity = new ClaimsIdentity(claims, OpenIddictServerAspNetCoreDefaults.AuthenticationScheme, Claims.Name, Claims.Role);
        identity.SetDestinations(_ => [Destinations.AccessToken]);
        var principal = new ClaimsPrincipal(identity);
        principal.SetAudiences(Audience);
        principal.SetScopes(request.GetScopes());
        return Results.SignIn(principal, authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }
}
