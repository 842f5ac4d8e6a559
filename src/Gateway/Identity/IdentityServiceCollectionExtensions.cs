using GatoLink.Grains.Abstractions.Keys;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using GatoLink.PerSilo.Keys;

namespace GatoLink.Gateway.Identity;

/// <summary>
/// Admin sign-in as ASP.NET Core authentication: a GatoLink key or an OpenID Connect access token becomes one principal
/// (<see cref="GatoLinkClaims"/>) before any admin handler runs; the admin routes' access rules
/// (<c>AdminAccess</c>) then decide who may call them before a body is read. There is no default scheme: /v1 authenticates its keys itself and pays
/// nothing for this.
/// </summary>
public static class IdentityServiceCollectionExtensions
{
    /// <summary>Adds the schemes and the claim mapping.</summary>
    public static IServiceCollection AddGatoLinkIdentity(this IServiceCollection services)
    {
        services.AddOptions<OidcOptions>().BindConfiguration(OidcOptions.Section)
            .Validate(o => o.Rules.All(r => !string.IsNullOrWhiteSpace(r.Claim) && r.Role is ApiKeyRole.SystemAdmin or ApiKeyRole.TenantAdmin),
                "GatoLink:Oidc:Rules: every rule needs a Claim and a Role of SystemAdmin or TenantAdmin.")
            .Validate(o => !o.Enabled || Uri.TryCreate(o.Authority, UriKind.Absolute, out _), "GatoLink:Oidc:Authority must be an absolute URL.")
            .ValidateOnStart();
        services.AddSingleton<OidcRoleMapper>();
        services.AddScoped<OidcTokenEvents>();

        services.AddAuthentication()
            .AddPolicyScheme(IdentitySchemes.Bearer, "GatoLink key or access token", o => o.ForwardDefaultSelector = SelectScheme)
            .AddScheme<AuthenticationSchemeOptions, AdminKeyAuthenticationHandler>(IdentitySchemes.AdminKey, null)
            .AddJwtBearer(IdentitySchemes.Oidc, o =>
            {
                o.MapInboundClaims = false;
                o.EventsType = typeof(OidcTokenEvents);
            });
        services.AddOptions<JwtBearerOptions>(IdentitySchemes.Oidc).Configure<IOptions<OidcOptions>>((jwt, oidc) =>
        {
            var options = oidc.Value;
            if (!options.Enabled)
            {
                return;
            }

            // Discovery: JwtBearer reads the provider's metadata and signing keys, and reads them again when a token
            // is signed with a key it does not know (a rotation).
            jwt.Authority = options.Authority;
            jwt.Audience = options.Audience;
            jwt.RequireHttpsMetadata = options.RequireHttpsMetadata;
        });

        return services;
    }

    private static string SelectScheme(HttpContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        var token = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header.AsSpan(7).Trim() : [];
        var oidcEnabled = context.RequestServices.GetRequiredService<IOptionsMonitor<OidcOptions>>().CurrentValue.Enabled;
        return !oidcEnabled || token.IsEmpty || token.StartsWith(ApiKeySecrets.SecretPrefix, StringComparison.Ordinal)
            ? IdentitySchemes.AdminKey
            : IdentitySchemes.Oidc;
    }
}
