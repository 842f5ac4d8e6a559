namespace GatoLink.Cli.Config;

/// <summary>
/// A saved connection, as <c>gatolink-admin login</c> writes it: the silo and either an admin key or a sign-in at the
/// silo's identity provider (<c>login --oidc</c>), never both.
/// </summary>
public sealed record SavedProfile(string Url, string? Key, SavedSignIn? SignIn = null);
