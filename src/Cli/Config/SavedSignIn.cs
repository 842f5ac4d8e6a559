namespace GatoLink.Cli.Config;

/// <summary>
/// A sign-in at the silo's OpenID Connect provider: the access token sent as Bearer, when it expires, and the refresh
/// token (when the provider gave one) with what is needed to use it.
/// </summary>
/// <param name="Authority">The provider's issuer (its discovery document names the token endpoint).</param>
/// <param name="ClientId">The public client id the token was issued to.</param>
/// <param name="AccessToken">The access token (a secret).</param>
/// <param name="ExpiresAt">When the access token expires; null when the provider did not say.</param>
/// <param name="RefreshToken">A refresh token (a secret), or null.</param>
public sealed record SavedSignIn(string Authority, string ClientId, string AccessToken, DateTimeOffset? ExpiresAt, string? RefreshToken);
