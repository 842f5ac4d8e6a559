using GatoLink.Gateway.Admin.Access;
using GatoLink.Gateway.Admin.Validation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace GatoLink.Gateway.Admin;

/// <summary>The one way to open an /admin group, so that every admin route gets the same filters.</summary>
public static class AdminGroup
{
    /// <summary>
    /// /admin for admins only, by admin key or the identity provider's access token (<see cref="AdminAccess.Admin"/>;
    /// a route adds its own rules), decided by the authorization middleware before the body is read; then, outermost
    /// first: storage errors as 409/503 and refused bodies as 400.
    /// </summary>
    public static RouteGroupBuilder MapAdminGroup(this IEndpointRouteBuilder app, params string[] tags) =>
        app.MapGroup("/admin")
            .AddEndpointFilter<StorageErrorFilter>()
            .AddEndpointFilter<AdminInputFilter>()
            .RequireAdmin(AdminAccess.Admin)
            .WithTags(tags);
}
