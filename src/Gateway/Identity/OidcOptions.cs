namespace GatoLink.Gateway.Identity;

/// <summary>
/// <c>GatoLink:Oidc</c>: the OpenID Connect provider whose access tokens the admin API accepts as Bearer, and the rules
/// that turn a token's claims into a GatoLink role. Off while <see cref="Authority"/> is unset.
/// </summary>
public sealed class OidcOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "GatoLink:Oidc";

    /// <summary>The issuer; its discovery document (<c>/.well-known/openid-configuration</c>) gives the signing keys, re-read when they rotate.</summary>
    public string? Authority { get; set; }

    /// <summary>The <c>aud</c> an access token must carry.</summary>
    public string Audience { get; set; } = "gatolink";

    /// <summary>Refuse a discovery document served over plain HTTP (turn off only for a provider on loopback).</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    /// <summary>The claim whose value is the user's display name in the audit log.</summary>
    public string NameClaim { get; set; } = "name";

    /// <summary>The portal's public client id (Authorization Code + PKCE) and the CLI's (device code).</summary>
    public string ClientId { get; set; } = "gatolink";

    /// <summary>Claim rules, all applied; a token no rule matches gets no role.</summary>
    public IList<OidcRoleRule> Rules { get; } = [];

    /// <summary>Whether a provider is configured.</summary>
    public bool Enabled => !string.IsNullOrWhiteSpace(Authority);
}
