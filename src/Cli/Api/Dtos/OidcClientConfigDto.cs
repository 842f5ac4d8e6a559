namespace GatoLink.Cli.Api.Dtos;

/// <summary><c>GET /auth/oidc</c>: the identity provider the silo trusts and the public client to sign in as.</summary>
public sealed record OidcClientConfigDto(string Authority, string ClientId, string Scope);
