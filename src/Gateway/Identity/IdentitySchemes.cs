namespace GatoLink.Gateway.Identity;

/// <summary>The authentication schemes that turn an admin caller into one principal.</summary>
public static class IdentitySchemes
{
    /// <summary>Forwards to <see cref="AdminKey"/> or <see cref="Oidc"/> by the bearer token's shape.</summary>
    public const string Bearer = "GatoLink";

    /// <summary>A GatoLink key (<c>gl-…</c>) as the bearer token.</summary>
    public const string AdminKey = "GatoLinkKey";

    /// <summary>An access token of the configured OpenID Connect provider (JwtBearer).</summary>
    public const string Oidc = "GatoLinkOidc";
}
