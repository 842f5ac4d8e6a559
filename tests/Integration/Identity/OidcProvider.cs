using System.Net;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
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
/// A real OpenID Connect provider on 127.0.0.1:random: OpenIddict's server with discovery, a JWKS of ephemeral keys, a
/// token endpoint with the resource-owner password grant (a test signs a user in with one request) and Authorization
/// Code with PKCE required (a browser signs in on its login page, by user name). Its users and their claims are what
/// the test registers; its clock is the one given, so a test can have it issue a token that is already expired. No
/// store: OpenIddict's degraded mode, with the endpoints below checking the client, the redirect and the user.
/// </summary>
public sealed class OidcProvider : IAsyncDisposable
{
    /// <summary>The one password every registered user has.</summary>
    public const string Password = "correct horse";

    /// <summary>The audience the tokens are issued for (GatoLink's default).</summary>
    public const string Audience = "gatolink";

    /// <summary>The public client the portal is (GatoLink's default client id).</summary>
    public const string ClientId = "gatolink";

    private const string LoginScheme = "login";

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
            o.SetAuthorizationEndpointUris("connect/authorize");
            o.AllowPasswordFlow();
            o.AllowAuthorizationCodeFlow().RequireProofKeyForCodeExchange();
            o.AcceptAnonymousClients();
            o.EnableDegradedMode();
            o.DisableScopeValidation();
            o.AddEphemeralEncryptionKey().AddEphemeralSigningKey();
            // JwtBearer validates signed JWTs; OpenIddict encrypts access tokens unless told not to.
            o.DisableAccessTokenEncryption();
            o.SetAccessTokenLifetime(TimeSpan.FromHours(1));
            o.Configure(options => options.TimeProvider = time);
            o.UseAspNetCore().EnableTokenEndpointPassthrough().EnableAuthorizationEndpointPassthrough().DisableTransportSecurityRequirement();
            // Degraded mode has no client store to check a request against: the token endpoint below checks the user,
            // and an authorization request must come from the one public client and go back to a loopback address.
            o.AddEventHandler<OpenIddictServerEvents.ValidateTokenRequestContext>(b => b.UseInlineHandler(_ => ValueTask.CompletedTask));
            o.AddEventHandler<OpenIddictServerEvents.ValidateAuthorizationRequestContext>(b => b.UseInlineHandler(context =>
            {
                if (context.ClientId != ClientId || !Uri.TryCreate(context.RedirectUri, UriKind.Absolute, out var back) || !back.IsLoopback)
                {
                    context.Reject(Errors.InvalidClient, "Unknown client or redirect.");
                }

                return ValueTask.CompletedTask;
            }));
        });
        builder.Services.AddAuthentication().AddCookie(LoginScheme);
        // The portal reads discovery and redeems its code from another origin (the silo's), as a browser app does.
        builder.Services.AddCors(o => o.AddDefaultPolicy(p => p.AllowAnyOrigin().AllowAnyHeader().AllowAnyMethod()));

        var app = builder.Build();
        app.UseCors();
        app.UseAuthentication();
        app.MapPost("/connect/token", (Func<HttpContext, Task<IResult>>)(context => TokenAsync(context, users)));
        app.MapGet("/connect/authorize", (Func<HttpContext, Task<IResult>>)(context => AuthorizeAsync(context, users)));
        app.MapGet("/login", (string returnUrl) => Results.Content(LoginPage(returnUrl), "text/html; charset=utf-8"));
        app.MapPost("/login", (Func<HttpContext, Task<IResult>>)LoginAsync);
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

    private static async Task<IResult> TokenAsync(HttpContext context, Dictionary<string, Claim[]> users)
    {
        var request = context.GetOpenIddictServerRequest()!;
        if (request.IsAuthorizationCodeGrantType())
        {
            // OpenIddict has checked the code and its PKCE verifier; issue the access token for the user it names.
            var code = await context.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
            var username = code.Principal?.FindFirst("username")?.Value;
            return username is not null && users.TryGetValue(username, out var signedIn) ? SignIn(signedIn, request) : Refuse();
        }

        if (!request.IsPasswordGrantType() || request.Username is null || !users.TryGetValue(request.Username, out var claims) || request.Password != Password)
        {
            return Refuse();
        }

        return SignIn(claims, request);
    }

    private static async Task<IResult> AuthorizeAsync(HttpContext context, Dictionary<string, Claim[]> users)
    {
        var login = await context.AuthenticateAsync(LoginScheme);
        if (login.Principal?.Identity?.Name is not { } username || !users.TryGetValue(username, out var claims))
        {
            return Results.Redirect("/login?returnUrl=" + Uri.EscapeDataString(context.Request.Path + context.Request.QueryString));
        }

        return SignIn([.. claims, new Claim("username", username)], context.GetOpenIddictServerRequest()!);
    }

    private static async Task<IResult> LoginAsync(HttpContext context)
    {
        var form = await context.Request.ReadFormAsync();
        var returnUrl = form["returnUrl"].ToString();
        if (!returnUrl.StartsWith("/connect/authorize?", StringComparison.Ordinal))
        {
            return Results.BadRequest();
        }

        var user = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, form["username"].ToString())], LoginScheme));
        await context.SignInAsync(LoginScheme, user);
        return Results.Redirect(returnUrl);
    }

    private static string LoginPage(string returnUrl) =>
        $"""
        <!doctype html><html><head><title>Test identity provider</title></head><body>
        <h1>Sign in to the test identity provider</h1>
        <form method="post" action="/login">
          <input type="hidden" name="returnUrl" value="{WebUtility.HtmlEncode(returnUrl)}">
          <label>User name <input id="username" name="username"></label>
          <button type="submit">Sign in</button>
        </form></body></html>
        """;

    private static IResult Refuse() => Results.Forbid(authenticationSchemes: [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);

    private static IResult SignIn(Claim[] claims, OpenIddictRequest request)
    {
        var identity = new ClaimsIdentity(claims, OpenIddictServerAspNetCoreDefaults.AuthenticationScheme, Claims.Name, Claims.Role);
        identity.SetDestinations(_ => [Destinations.AccessToken]);
        var principal = new ClaimsPrincipal(identity);
        principal.SetAudiences(Audience);
        principal.SetScopes(request.GetScopes());
        return Results.SignIn(principal, authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }
}
