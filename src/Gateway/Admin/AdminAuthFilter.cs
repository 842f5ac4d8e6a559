using GatoLink.Gateway.Auth;
using GatoLink.Gateway.Errors;
using GatoLink.Grains.Abstractions.Errors;
using GatoLink.Grains.Abstractions.Keys;
using Microsoft.AspNetCore.Http;

namespace GatoLink.Gateway.Admin;

/// <summary>Lets only system and tenant admin keys through to /admin.</summary>
public sealed class AdminAuthFilter : IEndpointFilter
{
    private readonly BearerAuthenticator _auth;

    /// <summary>Created per endpoint by the filter pipeline.</summary>
    public AdminAuthFilter(BearerAuthenticator auth) => _auth = auth;

    /// <inheritdoc />
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var (key, error) = await _auth.AuthenticateAsync(http);
        if (key is null)
        {
            if (error!.RetryAfterSeconds is { } retryAfter)
            {
                // The key could not be checked (storage away, and the key not yet used on this silo).
                http.Response.Headers.RetryAfter = retryAfter.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            return AdminResults.Error(error);
        }

        var record = key.Record;
        if (record.Role == ApiKeyRole.User)
        {
            return AdminResults.Error(new GatoError(ErrorKind.PermissionDenied, "This key may not use the admin API.", "insufficient_permissions"));
        }

        new AdminPrincipal(record.Id, record.TenantId, record.Role).Attach(http);
        return await next(context);
    }
}
