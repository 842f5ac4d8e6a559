using Microsoft.AspNetCore.Authorization;

namespace GatoLink.Gateway.Admin.Access;

/// <summary>An ownership rule could not be checked because storage is away: answered 503 with <c>Retry-After</c>, not 404.</summary>
public sealed class StorageUnavailableReason : AuthorizationFailureReason
{
    /// <summary>Creates the reason.</summary>
    public StorageUnavailableReason(IAuthorizationHandler handler)
        : base(handler, "The owner of the route's object could not be read from storage.")
    {
    }
}
