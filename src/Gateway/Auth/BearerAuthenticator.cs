using System.Data.Common;
using System.Net;
using GatoLink.Gateway.Errors;
using GatoLink.Grains.Abstractions.Errors;
using GatoLink.Grains.Abstractions.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using GatoLink.PerSilo.Tenants;
using GatoLink.PerSilo.Keys;

namespace GatoLink.Gateway.Auth;

/// <summary>
/// Finds the key behind <c>Authorization: Bearer …</c> and checks it may be used now. Known keys and tenants come from
/// this silo's caches; only one the cache does not hold is looked up in storage, and while storage is away that
/// lookup is a 503 with <c>Retry-After</c> (the key cannot be checked), never a 500.
/// </summary>
public sealed partial class BearerAuthenticator
{
    private const int StorageRetryAfterSeconds = 2;

    /// <summary>Anthropic's key header.</summary>
    private const string ApiKeyHeader = "x-api-key";

    private readonly KeyDirectory _keys;
    private readonly TenantDirectory _tenants;
    private readonly ITenantStore _tenantStore;
    private readonly FailedAuthLimiter _limiter;
    private readonly AuthInstruments _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger<BearerAuthenticator> _logger;

    /// <summary>Creates the authenticator.</summary>
    public BearerAuthenticator(
        KeyDirectory keys, TenantDirectory tenants, ITenantStore tenantStore, FailedAuthLimiter limiter, AuthInstruments metrics, TimeProvider time, ILogger<BearerAuthenticator> logger)
    {
        _keys = keys;
        _tenants = tenants;
        _tenantStore = tenantStore;
        _limiter = limiter;
        _metrics = metrics;
        _time = time;
        _logger = logger;
    }

    /// <summary>The key entry, or the 401/403 (or 503 while storage is away) to answer.</summary>
    /// <param name="context">The request; only its headers are read.</param>
    /// <param name="acceptApiKeyHeader">Whether an <c>x-api-key</c> header (Anthropic's) may carry the key when there is no bearer.</param>
    public async ValueTask<(ApiKeyEntry? Key, GatoError? Error)> AuthenticateAsync(HttpContext context, bool acceptApiKeyHeader = false)
    {
        ArgumentNullException.ThrowIfNull(context);
        try
        {
            return await AuthenticateCoreAsync(context, acceptApiKeyHeader);
        }
        catch (DbException ex) when (!context.RequestAborted.IsCancellationRequested)
        {
            LogStorageUnavailable(_logger, ex, context.Request.Path);
            return (null, new GatoError(ErrorKind.ServiceUnavailable, "The API key cannot be checked right now; try again shortly.", "storage_unavailable", RetryAfterSeconds: StorageRetryAfterSeconds));
        }
    }

    private async ValueTask<(ApiKeyEntry? Key, GatoError? Error)> AuthenticateCoreAsync(HttpContext context, bool acceptApiKeyHeader)
    {
        var header = context.Request.Headers.Authorization.ToString();
        ReadOnlyMemory<char> secret;
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            secret = header.AsMemory(7).Trim();
        }
        else if (acceptApiKeyHeader && context.Request.Headers[ApiKeyHeader].ToString() is { Length: > 0 } apiKey)
        {
            secret = apiKey.AsMemory().Trim();
        }
        else
        {
            return (null, OpenAiErrors.InvalidApiKey(acceptApiKeyHeader
                ? "You didn't provide an API key. Provide it in the x-api-key header or as 'Authorization: Bearer YOUR_KEY'."
                : "You didn't provide an API key. Provide it in the Authorization header as 'Bearer YOUR_KEY'."));
        }

        var lookup = _keys.Lookup(secret.Span);
        var key = lookup.Entry;
        if (key is null)
        {
            // Only a key this silo does not hold costs a lookup, so only then is the address's record of failures read.
            var address = context.Connection.RemoteIpAddress ?? IPAddress.None;
            if (_limiter.Blocked(address) is { } wait)
            {
                return (null, Failed(context, address, AuthFailure.Limited, wait));
            }

            key = await _keys.FindInStorageAsync(lookup, context.RequestAborted);
            if (key is null)
            {
                return (null, Failed(context, address, AuthFailure.UnknownKey, null));
            }
        }

        switch (key.CheckUsable(_time.GetUtcNow()))
        {
            case KeyUsability.Revoked:
                return (null, Failed(context, context.Connection.RemoteIpAddress ?? IPAddress.None, AuthFailure.Revoked, null));
            case KeyUsability.Expired:
                return (null, Failed(context, context.Connection.RemoteIpAddress ?? IPAddress.None, AuthFailure.Expired, null));
        }

        var tenant = _tenants.Get(key.TenantId);
        if (tenant is null && await _tenantStore.GetAsync(key.TenantId, context.RequestAborted) is { } stored)
        {
            // Made on another silo since our last sync: the key was found the same way.
            tenant = _tenants.Upsert(stored);
        }

        if (tenant is null || tenant.Record.Disabled)
        {
            return (null, new GatoError(ErrorKind.PermissionDenied, "The tenant of this API key is disabled.", "tenant_disabled"));
        }

        return (key, null);
    }

    /// <summary>Counts and logs a refused key (never the secret), spends one of the address's failures, and says what to answer.</summary>
    private GatoError Failed(HttpContext context, IPAddress address, AuthFailure reason, TimeSpan? wait)
    {
        _metrics.Failed(reason);
        LogFailed(_logger, reason, address, context.Request.Path);
        if (reason == AuthFailure.Limited)
        {
            var seconds = (int)Math.Ceiling(Math.Max(1, wait!.Value.TotalSeconds));
            return new GatoError(ErrorKind.RateLimited, "Too many failed authentication attempts from this address; try again later.", "too_many_failed_authentications", RetryAfterSeconds: seconds);
        }

        _limiter.Failed(address);
        return reason switch
        {
            AuthFailure.Revoked => OpenAiErrors.InvalidApiKey("This API key has been revoked."),
            AuthFailure.Expired => OpenAiErrors.InvalidApiKey("This API key has expired."),
            _ => OpenAiErrors.InvalidApiKey(),
        };
    }

    [LoggerMessage(EventId = 1011, Level = LogLevel.Warning, Message = "Authentication refused ({Reason}) for a request from {Address} to {Path}")]
    private static partial void LogFailed(ILogger logger, AuthFailure reason, IPAddress address, string path);

    [LoggerMessage(EventId = 1010, Level = LogLevel.Warning, Message = "Authenticating a request to {Path} needed storage, which is not available; answering 503")]
    private static partial void LogStorageUnavailable(ILogger logger, Exception exception, string path);
}
