using System.Globalization;
using GatoLink.Gateway.Identity;
using GatoLink.Grains.Abstractions.Errors;
using GatoLink.Grains.Abstractions.Keys;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Http;

namespace GatoLink.Gateway.Admin.Access;

/// <summary>
/// Answers an admin route the caller may not use, in the admin error shape, before the route's body is read:
/// without a usable key or token, the scheme's own challenge (401, or the 429/503 authentication gave); 403 for a user
/// key or a signed-in user no role rule matched; 404 for an object the caller may not see, whatever else is wrong (so a
/// tenant admin cannot tell another tenant's object exists); 403 for a tenant admin on a system-admin route. Other routes keep the framework's behaviour.
/// </summary>
public sealed class AdminAuthorizationResultHandler : IAuthorizationMiddlewareResultHandler
{
    private const int StorageRetryAfterSeconds = 2;

    private readonly AuthorizationMiddlewareResultHandler _default = new();

    /// <inheritdoc />
    public Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(authorizeResult);
        // Without an identity the scheme that refused the token answers (the key's 401, or the 429/503 authentication
        // gave with its Retry-After; the provider token's expired / foreign issuer / wrong audience).
        if (authorizeResult.Succeeded || authorizeResult.Challenged || !policy.Requirements.OfType<AdminAccessRequirement>().Any())
        {
            return _default.HandleAsync(next, context, policy, authorizeResult);
        }

        var error = Refusal(context, authorizeResult);
        if (error.RetryAfterSeconds is { } retry)
        {
            context.Response.Headers.RetryAfter = retry.ToString(CultureInfo.InvariantCulture);
        }

        return AdminResults.Error(error).ExecuteAsync(context);
    }

    private static GatoError Refusal(HttpContext context, PolicyAuthorizationResult result)
    {
        if (AdminPrincipal.Find(context) is not { } principal)
        {
            return IdentityErrors.NotAnAdmin("This identity has no GatoLink admin role.");
        }

        var failure = result.AuthorizationFailure;
        if (failure?.FailureReasons.OfType<StorageUnavailableReason>().Any() == true)
        {
            return new GatoError(ErrorKind.ServiceUnavailable, "The database is not available; try again shortly.", "storage_unavailable", RetryAfterSeconds: StorageRetryAfterSeconds);
        }

        var failed = failure?.FailedRequirements.OfType<AdminAccessRequirement>().Select(r => r.Access).ToHashSet() ?? [];
        if (principal.Role == ApiKeyRole.User)
        {
            return new GatoError(ErrorKind.PermissionDenied, "This key may not use the admin API.", "insufficient_permissions");
        }

        if (failed.Contains(AdminAccess.OwnsTenant))
        {
            return NotFound("Tenant");
        }

        if (failed.Contains(AdminAccess.OwnsKey))
        {
            return NotFound("Key");
        }

        if (failed.Contains(AdminAccess.OwnsWebhook))
        {
            return NotFound("Webhook");
        }

        if (failed.Contains(AdminAccess.SeesPlan))
        {
            return NotFound("Plan");
        }

        return new GatoError(ErrorKind.PermissionDenied, "Only a system admin may do this.", "insufficient_permissions");
    }

    private static GatoError NotFound(string what) => new(ErrorKind.NotFound, $"{what} was not found.", "not_found");
}
