using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace GatoLink.Gateway.Admin.Access;

/// <summary>Registers the admin API's authentication and one authorization policy per <see cref="AdminAccess"/>; marks routes with them.</summary>
public static class AdminAccessExtensions
{
    /// <summary>The policy name of a rule.</summary>
    public static string PolicyName(this AdminAccess access) => "admin:" + access;

    /// <summary>Adds the admin key scheme, the policies, their handler and the admin refusal answers.</summary>
    public static IServiceCollection AddGatoLinkAdminAccess(this IServiceCollection services)
    {
        services.AddAuthentication()
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, AdminKeyAuthenticationHandler>(AdminKeyAuthenticationHandler.SchemeName, null);
        var authorization = services.AddAuthorizationBuilder();
        foreach (var access in Enum.GetValues<AdminAccess>())
        {
            authorization.AddPolicy(access.PolicyName(), policy => policy
                .AddAuthenticationSchemes(AdminKeyAuthenticationHandler.SchemeName)
                .RequireAuthenticatedUser()
                .AddRequirements(new AdminAccessRequirement(access)));
        }

        services.AddSingleton<IAuthorizationHandler, AdminAccessHandler>();
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, AdminAuthorizationResultHandler>();
        return services;
    }

    /// <summary>Requires <paramref name="access"/> (besides what the group requires) before the route's body is read.</summary>
    public static TBuilder RequireAdmin<TBuilder>(this TBuilder builder, AdminAccess access)
        where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(access.PolicyName());
}
