using System.Data.Common;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using GatoLink.Gateway.Errors;
using GatoLink.Grains.Abstractions.Errors;
using GatoLink.Grains.Abstractions.Keys;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using GatoLink.PerSilo.Keys;

namespace GatoLink.Silo.Telemetry;

/// <summary>
/// Lets a scrape of <c>/metrics</c> through: anyone while the silo listens on loopback only (and
/// <see cref="MetricsAccess.Auto"/>), else the scrape token (compared in constant time) or a usable system admin key
/// (the key directory's lookup, whose negative cache spares storage a repeated wrong token; a refused scrape does not
/// count as a failed key). Anything else
/// is 401 with a <c>WWW-Authenticate: Bearer</c> challenge.
/// </summary>
public sealed partial class MetricsScrapeAuthenticationHandler : AuthenticationHandler<AuthenticationSchemeOptions>
{
    /// <summary>The scheme's name.</summary>
    public const string SchemeName = "GatoLinkMetricsScrape";

    private readonly MetricsAccessOptions _access;
    private readonly KeyDirectory _keys;
    private readonly IServer _server;

    /// <summary>Created per request by the authentication service.</summary>
    public MetricsScrapeAuthenticationHandler(
        IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, IOptions<MetricsAccessOptions> access, KeyDirectory keys, IServer server)
        : base(options, logger, encoder)
    {
        ArgumentNullException.ThrowIfNull(access);
        _access = access.Value;
        _keys = keys;
        _server = server;
    }

    /// <inheritdoc />
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (_access.Access == MetricsAccess.Auto && ListenAddresses.AllLoopback(_server.Features.Get<IServerAddressesFeature>()?.Addresses ?? []))
        {
            return Success("loopback");
        }

        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }

        var secret = header.AsMemory(7).Trim();
        if (_access.ScrapeToken is { } token && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(secret.ToString()), Encoding.UTF8.GetBytes(token)))
        {
            return Success("scrape_token");
        }

        ApiKeyEntry? key;
        try
        {
            key = await _keys.FindAsync(secret.Span, Context.RequestAborted);
        }
        catch (DbException ex) when (!Context.RequestAborted.IsCancellationRequested)
        {
            LogKeyUnreadable(Logger, ex);
            return AuthenticateResult.Fail("The key could not be checked: storage is away.");
        }

        if (key is not null
            && key.CheckUsable(TimeProvider.GetUtcNow()) == KeyUsability.Usable
            && key.Record.Role == ApiKeyRole.SystemAdmin)
        {
            return Success("admin_key");
        }

        LogRefused(Logger, Context.Connection.RemoteIpAddress?.ToString() ?? "unknown");
        return AuthenticateResult.Fail("Neither the scrape token nor a system admin key.");
    }

    /// <inheritdoc />
    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = "Bearer realm=\"gatolink-metrics\"";
        await OpenAiErrors.WriteAsync(Context, new GatoError(
            ErrorKind.InvalidApiKey, "Scraping /metrics needs the scrape token or a system admin key as 'Authorization: Bearer ...'.", "metrics_unauthorized"));
    }

    private AuthenticateResult Success(string how) =>
        AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity([new Claim("metrics_access", how)], SchemeName)), SchemeName));

    [LoggerMessage(EventId = 1301, Level = LogLevel.Warning, Message = "A scrape of /metrics with a key could not be checked: storage is away")]
    private static partial void LogKeyUnreadable(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1300, Level = LogLevel.Warning, Message = "A scrape of /metrics from {Address} was refused: no scrape token or system admin key")]
    private static partial void LogRefused(ILogger logger, string address);
}
