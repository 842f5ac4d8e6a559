using GatoLink.Gateway.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace GatoLink.Gateway.Admin.Access;

/// <summary>Registers one authorization policy per <see cref="AdminAccess"/>; marks routes with them.</summary>
public static class AdminAccessExtensions
{
    /// <summary>The policy name of a rule.</summary>
    public static string PolicyName(this AdminAccess access) => "admin:" + access;

    /// <summary>
    /// Adds the policies (each on <see cref="IdentitySchemes.Bearer"/>: an admin key or the provider's access token,
    /// see <see cref="IdentityServiceCollectionExtensions.AddGatoLinkIdentity"/>), their handler and the admin refusal answers.
    /// </summary>
    public static IServiceCollection AddGatoLinkAdminAccess(this IServiceCollection services)
    {
        var authorization = services.AddAuthorizationBuilder();
        foreach (var access in Enum.GetValues<AdminAccess>())
        {
            authorization.AddPolicy(access.PolicyName(), policy => policy
                .AddAuthenticationSchemes(IdentitySchemes.Bearer)
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
