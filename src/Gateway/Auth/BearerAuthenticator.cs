using GatoLink.Gateway.Errors;
using GatoLink.Grains.Abstractions.Errors;
using GatoLink.Grains.Abstractions.Storage;
using GatoLink.Grains.Keys;
using GatoLink.Grains.Tenants;
using Microsoft.AspNetCore.Http;

namespace GatoLink.Gateway.Auth;

/// <summary>Finds the key behind <c>Authorization: Bearer …</c> and checks it may be used now.</summary>
public sealed class BearerAuthenticator
{
    private readonly KeyDirectory _keys;
    private readonly TenantDirectory _tenants;
    private readonly ITenantStore _tenantStore;
    private readonly TimeProvider _time;

    /// <summary>Creates the authenticator.</summary>
    public BearerAuthenticator(KeyDirectory keys, TenantDirectory tenants, ITenantStore tenantStore, TimeProvider time)
    {
        _keys = keys;
        _tenants = tenants;
        _tenantStore = tenantStore;
        _time = time;
    }

    /// <summary>The key entry, or the 401/403 to answer.</summary>
    public async ValueTask<(ApiKeyEntry? Key, GatoError? Error)> AuthenticateAsync(HttpContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return (null, OpenAiErrors.InvalidApiKey("You didn't provide an API key. Provide it in the Authorization header as 'Bearer YOUR_KEY'."));
        }

        var secret = header.AsMemory(7).Trim();
        var key = await _keys.FindAsync(secret.Span, context.RequestAborted);
        if (key is null)
        {
            return (null, OpenAiErrors.InvalidApiKey());
        }

        switch (key.CheckUsable(_time.GetUtcNow()))
        {
            case KeyUsability.Revoked:
                return (null, OpenAiErrors.InvalidApiKey("This API key has been revoked."));
            case KeyUsability.Expired:
                return (null, OpenAiErrors.InvalidApiKey("This API key has expired."));
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
}
