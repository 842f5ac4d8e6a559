using GatoLink.Gateway.Errors;
using GatoLink.Grains.Abstractions.Errors;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace GatoLink.Gateway.Identity;

/// <summary>
/// <c>GET /auth/oidc</c>, anonymous: the provider the portal and the CLI sign in with (issuer, public client id,
/// scopes) — what a public client needs to start Authorization Code + PKCE or a device code flow. 404 when none is set.
/// </summary>
public static class OidcConfigEndpoint
{
    /// <summary>The scopes a sign-in asks for.</summary>
    public const string Scope = "openid profile";

    /// <summary>Maps the route.</summary>
    public static IEndpointRouteBuilder MapOidcConfig(this IEndpointRouteBuilder app)
    {
        app.MapGet("/auth/oidc", (IOptionsMonitor<OidcOptions> options) =>
        {
            var oidc = options.CurrentValue;
            return oidc.Enabled
                ? Results.Ok(new OidcClientConfig(oidc.Authority!, oidc.ClientId, Scope))
                : Results.Json(OpenAiErrors.Envelope(new GatoError(ErrorKind.NotFound, "No OpenID Connect provider is configured (GatoLink:Oidc:Authority).", "not_found")), statusCode: StatusCodes.Status404NotFound);
        }).WithTags("auth");
        return app;
    }
}

/// <summary>What a public client needs to sign in.</summary>
public sealed record OidcClientConfig(string Authority, string ClientId, string Scope);
