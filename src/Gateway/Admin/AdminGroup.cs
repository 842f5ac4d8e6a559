using GatoLink.Gateway.Admin.Validation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace GatoLink.Gateway.Admin;

/// <summary>The one way to open an /admin group, so that every admin route gets the same filters.</summary>
public static class AdminGroup
{
    /// <summary>
    /// /admin with, outermost first: storage errors as 409/503, admin authentication, then refused bodies as 400
    /// (after authentication, so an anonymous caller learns nothing about the rules).
    /// </summary>
    public static RouteGroupBuilder MapAdminGroup(this IEndpointRouteBuilder app, params string[] tags) =>
        app.MapGroup("/admin")
            .AddEndpointFilter<StorageErrorFilter>()
            .AddEndpointFilter<AdminAuthFilter>()
            .AddEndpointFilter<AdminInputFilter>()
            .WithTags(tags);
}
