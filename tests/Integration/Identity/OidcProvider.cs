using System.Net;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace GatoLink.Integration.Tests.Identity;

/// <summary>
/// A real OpenID Connect provider on 127.0.0.1:random: OpenIddict's server with discovery, a JWKS of ephemeral keys, a
/// token endpoint with the resource-owner password grant (a test signs a user in with one request), Authorization Code
/// with PKCE required (a browser signs in on its login page, by user name), and the device authorization grant (a
/// command line shows a code, the user approves or denies it on the verification page after signing in). Its users and
/// their claims are what the test registers; its clock is the one given, so a test can have it issue a token that is
/// already expired. OpenIddict keeps its client and tokens in its Entity Framework Core store on EF Core's in-memory
/// database: the device code flow needs a token store (a device code changes state when the user decides), and the
/// store also checks the one registered client (public, native, redirecting to a loopback <c>/portal/</c>).
/// </summary>
public sealed class OidcProvider : IAsyncDisposable
{
    /// <summary>The one password every registered user has.</summary>
    public const string Password = "correct horse";

    /// <summary>The audience the tokens are issued for (GatoLink's default).</summary>
    public const string Audience = "gatolink";

    /// <summary>The public client the portal and the CLI are (GatoLink's default client id).</summary>
    public const string ClientId = "gatolink";

    private readonly WebApplication _app;
    private readonly Dictionary<string, Claim[]> _users;
    private readonly HttpClient _http;
    private readonly Channel<string> _devicePolls;

    private OidcProvider(WebApplication app, Dictionary<string, Claim[]> users, Uri issuer, Channel<string> devicePolls)
    {
        _app = app;
        _users = users;
        _devicePolls = devicePolls;
        Issuer = issuer;
        _http = new HttpClient { BaseAddress = issuer };
    }

    /// <summary>The issuer, e.g. http://127.0.0.1:41234/ (discovery at .well-known/openid-configuration).</summary>
    public Uri Issuer { get; }

    /// <summary>What the token endpoint answered each device code request, in order: an error code, or <c>issued</c>.</summary>
    public ChannelReader<string> DevicePolls => _devicePolls.Reader;

    /// <summary>Starts a provider whose tokens are stamped by <paramref name="time"/>.</summary>
    public static async Task<OidcProvider> StartAsync(TimeProvider time)
    {
        var users = new Dictionary<string, Claim[]>(StringComparer.Ordinal);
        var devicePolls = Channel.CreateUnbounded<string>();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Logging.AddFilter("OpenIddict", LogLevel.Warning).AddFilter("Microsoft.EntityFrameworkCore", LogLevel.Warning);
        var database = "oidc-provider-" + Guid.NewGuid().ToString("N");
        builder.Services.AddDbContext<OidcProviderDb>(o => o.UseInMemoryDatabase(database)
            // The in-memory database has no transactions; OpenIddict's stores open some and need no more than one writer here.
            .ConfigureWarnings(w => w.Ignore(InMemoryEventId.TransactionIgnoredWarning))
            .UseOpenIddict());
        builder.Services.AddOpenIddict()
            .AddCore(o =>
            {
                o.UseEntityFrameworkCore().UseDbContext<OidcProviderDb>();
                o.Configure(options => options.TimeProvider = time);
            })
            .AddServer(o =>
            {
                o.SetTokenEndpointUris("connect/token");
                o.SetAuthorizationEndpointUris("connect/authorize");
                o.SetDeviceAuthorizationEndpointUris("connect/device");
                o.SetEndUserVerificationEndpointUris("connect/verify");
                o.AllowPasswordFlow();
                o.AllowAuthorizationCodeFlow().RequireProofKeyForCodeExchange();
                o.AllowDeviceAuthorizationFlow();
                o.AllowRefreshTokenFlow();
                o.AcceptAnonymousClients();
                o.DisableScopeValidation();
                // The registered client may use every endpoint, grant and scope: the tests are about the user, not the client.
                o.IgnoreEndpointPermissions().IgnoreGrantTypePermissions().IgnoreResponseTypePermissions().IgnoreScopePermissions();
                o.AddEphemeralEncryptionKey().AddEphemeralSigningKey();
                // JwtBearer validates signed JWTs; OpenIddict encrypts access tokens unless told not to.
                o.DisableAccessTokenEncryption();
                o.SetAccessTokenLifetime(TimeSpan.FromHours(1));
                o.Configure(options => options.TimeProvider = time);
                o.UseAspNetCore()
                    .EnableTokenEndpointPassthrough()
                    .EnableAuthorizationEndpointPassthrough()
                    .EnableEndUserVerificationEndpointPassthrough()
                    .DisableTransportSecurityRequirement();
                o.AddEventHandler<OpenIddictServerEvents.ApplyTokenResponseContext>(b => b.UseInlineHandler(context =>
                {
                    if (context.Request?.IsDeviceCodeGrantType() == true)
                    {
                        devicePolls.Writer.TryWrite(context.Response.Error ?? "issued");
                    }

                    return ValueTask.CompletedTask;
                }));
            });
        builder.Services.AddAuthentication().AddCookie(OidcProviderEndpoints.LoginScheme);
        // The portal reads discovery and redeems its code from another origin (the silo's), as a browser app does.
        builder.Services.AddCors(o => o.AddDefaultPolicy(p => p.AllowAnyOrigin().AllowAnyHeader().AllowAnyMethod()));

        var app = builder.Build();
        await RegisterClientAsync(app.Services);
        var endpoints = new OidcProviderEndpoints(users);
        app.UseCors();
        app.UseAuthentication();
        app.MapPost("/connect/token", (Func<HttpContext, Task<IResult>>)endpoints.TokenAsync);
        app.MapGet("/connect/authorize", (Func<HttpContext, Task<IResult>>)endpoints.AuthorizeAsync);
        app.MapGet("/connect/verify", (Func<HttpContext, Task<IResult>>)endpoints.VerifyPageAsync);
        app.MapPost("/connect/verify", (Func<HttpContext, Task<IResult>>)endpoints.VerifyDecisionAsync);
        app.MapGet("/login", (string returnUrl) => Results.Content(OidcProviderPages.Login(returnUrl), "text/html; charset=utf-8"));
        app.MapPost("/login", (Func<HttpContext, Task<IResult>>)endpoints.LoginAsync);
        app.MapGet(OidcProviderPages.DonePath, (bool approved) => Results.Content(OidcProviderPages.Done(approved), "text/html; charset=utf-8"));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new OidcProvider(app, users, new Uri(address.TrimEnd('/') + "/"), devicePolls);
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

    private static async Task RegisterClientAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        var applications = scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>();
        await applications.CreateAsync(new OpenIddictApplicationDescriptor
        {
            ClientId = ClientId,
            ClientType = ClientTypes.Public,
            // A native application may come back to a loopback redirect on any port (RFC 8252 §7.3): the portal's silo
            // listens on a random one.
            ApplicationType = ApplicationTypes.Native,
            DisplayName = "GatoLink",
            RedirectUris = { new Uri("http://127.0.0.1/portal/") },
        });
    }
}
