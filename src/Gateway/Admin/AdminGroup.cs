using GatoLink.Gateway.Admin.Validation;
using GatoLink.Gateway.Identity;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace GatoLink.Gateway.Admin;

/// <summary>The one way to open an /admin group, so that every admin route gets the same filters.</summary>
public static class AdminGroup
{
    /// <summary>
    /// /admin behind the admin policy (a system or tenant admin, by key or access token, decided before the body is
    /// read), then, outermost first: storage errors as 409/503, refused bodies as 400.
    /// </summary>
    public static RouteGroupBuilder MapAdminGroup(this IEndpointRouteBuilder app, params string[] tags) =>
        app.MapGroup("/admin")
            .RequireAuthorization(IdentitySchemes.AdminPolicy)
            .AddEndpointFilter<StorageErrorFilter>()
            .AddEndpointFilter<AdminInputFilter>()
            .WithTags(tags);
}
