using GatoLink.Grains.Abstractions.Errors;

namespace GatoLink.Gateway.Identity;

/// <summary>The refusals of admin sign-in, in the admin API's error shape.</summary>
public static class IdentityErrors
{
    /// <summary>401: an access token that is missing, expired, not from the configured provider, or not for GatoLink.</summary>
    public static GatoError InvalidToken(string message) => new(ErrorKind.InvalidApiKey, message, "invalid_token");

    /// <summary>403: signed in, but no admin role.</summary>
    public static GatoError NotAnAdmin(string message) => new(ErrorKind.PermissionDenied, message, "insufficient_permissions");
}
