using Duende.IdentityModel.Client;

namespace GatoLink.Cli.SignIn;

/// <summary>The provider's device authorization and token endpoints, read from its discovery document.</summary>
/// <param name="DeviceAuthorization">RFC 8628's device authorization endpoint; null when the provider has none.</param>
/// <param name="Token">The token endpoint.</param>
public sealed record ProviderEndpoints(string? DeviceAuthorization, string Token)
{
    /// <summary>
    /// Reads <paramref name="authority"/>'s discovery document. Duende.IdentityModel checks it as OpenID Connect says
    /// (issuer equals the authority, endpoints under it, HTTPS except on loopback).
    /// </summary>
    public static async Task<ProviderEndpoints> DiscoverAsync(HttpClient http, string authority, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(http);
        using var discovery = await http.GetDiscoveryDocumentAsync(authority, ct);
        ct.ThrowIfCancellationRequested();
        if (discovery.IsError || discovery.TokenEndpoint is null)
        {
            throw new SignInException($"cannot read the identity provider's discovery document at {authority}: {discovery.Error ?? "it names no token endpoint"}",
                discovery.Exception ?? new InvalidOperationException(discovery.Error));
        }

        return new ProviderEndpoints(discovery.DeviceAuthorizationEndpoint, discovery.TokenEndpoint);
    }
}
