using System.Data.Common;
using System.Text;
using GatoLink.Grains.Abstractions.Keys;
using Microsoft.Extensions.Primitives;
using GatoLink.PerSilo.Keys;

namespace GatoLink.Silo.Dashboard;

/// <summary>
/// Lets only a system-admin key through to the Orleans Dashboard, which has no authentication of its own: as
/// <c>Authorization: Bearer KEY</c> (scripts) or as the password of HTTP Basic auth, any user name (a browser
/// asks for it after the challenge). Anything else is a 401 with a <c>WWW-Authenticate</c> challenge, also for a
/// valid key without the role, so that a browser asks again rather than staying refused.
/// </summary>
public sealed partial class DashboardAuthFilter : IEndpointFilter
{
    /// <summary>The challenge realm; a browser shows it in its password prompt.</summary>
    public const string Realm = "GatoLink dashboard";

    private static readonly StringValues Challenges = new([$"Basic realm=\"{Realm}\", charset=\"UTF-8\"", $"Bearer realm=\"{Realm}\""]);

    private readonly KeyDirectory _keys;
    private readonly TimeProvider _time;
    private readonly ILogger<DashboardAuthFilter> _logger;

    /// <summary>Created per endpoint by the filter pipeline.</summary>
    public DashboardAuthFilter(KeyDirectory keys, TimeProvider time, ILogger<DashboardAuthFilter> logger)
    {
        _keys = keys;
        _time = time;
        _logger = logger;
    }

    /// <inheritdoc />
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var http = context.HttpContext;
        var secret = SecretOf(http.Request.Headers.Authorization.ToString());
        if (secret is null)
        {
            return Challenge(http);
        }

        ApiKeyEntry? key;
        try
        {
            // The directory compares secrets by hash in constant time.
            key = await _keys.FindAsync(secret, http.RequestAborted);
        }
        catch (DbException ex) when (!http.RequestAborted.IsCancellationRequested)
        {
            LogStorageUnavailable(_logger, ex);
            http.Response.Headers.RetryAfter = "2";
            return TypedResults.Text("The key cannot be checked right now; try again shortly.", "text/plain", Encoding.UTF8, StatusCodes.Status503ServiceUnavailable);
        }

        if (key is null || key.CheckUsable(_time.GetUtcNow()) != KeyUsability.Usable || key.Record.Role != ApiKeyRole.SystemAdmin)
        {
            return Challenge(http);
        }

        return await next(context);
    }

    /// <summary>The key in a <c>Bearer</c> header or the password of a <c>Basic</c> one; null for anything else.</summary>
    internal static string? SecretOf(string authorization)
    {
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return NonEmpty(authorization[7..].Trim());
        }

        if (!authorization.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var encoded = authorization[6..].Trim();
        var buffer = new byte[(encoded.Length * 3 / 4) + 3];
        if (!Convert.TryFromBase64String(encoded, buffer, out var written))
        {
            return null;
        }

        // "user:password"; the user name is whatever the browser was given, only the password is the key.
        var pair = Encoding.UTF8.GetString(buffer, 0, written);
        var colon = pair.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? null : NonEmpty(pair[(colon + 1)..]);
    }

    private static string? NonEmpty(string value) => value.Length == 0 ? null : value;

    private static IResult Challenge(HttpContext http)
    {
        http.Response.Headers.WWWAuthenticate = Challenges;
        return TypedResults.Text(
            "The Orleans Dashboard needs a system-admin key: as a Bearer token, or as the password of HTTP Basic auth.",
            "text/plain",
            Encoding.UTF8,
            StatusCodes.Status401Unauthorized);
    }

    [LoggerMessage(EventId = 1701, Level = LogLevel.Warning, Message = "Checking a dashboard key needed storage, which is not available; answering 503")]
    private static partial void LogStorageUnavailable(ILogger logger, Exception exception);
}
