using Duende.IdentityModel.Client;
using GatoLink.Cli.Api.Dtos;
using GatoLink.Cli.Config;

namespace GatoLink.Cli.SignIn;

/// <summary>
/// The OAuth 2.0 device authorization grant (RFC 8628) against the silo's identity provider, for a command line that
/// has no browser of its own: ask for a device code, show the user where to approve it, poll the token endpoint until
/// the user has approved or denied it or the code has expired.
/// </summary>
/// <remarks>
/// The protocol messages are Duende.IdentityModel's (discovery, device authorization, device token and refresh token
/// requests with their error parsing): a small client library for exactly these requests, with no host, store or
/// background service to set up, which OpenIddict.Client would need. The waits between polls are the one thing the
/// library leaves to its caller; they run on <see cref="TimeProvider"/>.
/// </remarks>
public sealed class DeviceCodeSignIn
{
    private readonly HttpClient _http;
    private readonly TimeProvider _time;

    /// <summary>A sign-in over <paramref name="http"/>, waiting on <paramref name="time"/>.</summary>
    public DeviceCodeSignIn(HttpClient http, TimeProvider time)
    {
        _http = http;
        _time = time;
    }

    /// <summary>Runs the flow for the provider and client the silo named; <paramref name="show"/> tells the user what to do.</summary>
    public async Task<SavedSignIn> RunAsync(OidcClientConfigDto provider, Action<DeviceCodePrompt> show, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(provider);
        ArgumentNullException.ThrowIfNull(show);
        var endpoints = await ProviderEndpoints.DiscoverAsync(_http, provider.Authority, ct);
        if (endpoints.DeviceAuthorization is null)
        {
            throw new SignInException($"the identity provider {provider.Authority} offers no device code sign-in (no device_authorization_endpoint): sign in with an admin key.");
        }

        using var authorization = await _http.RequestDeviceAuthorizationAsync(
            new DeviceAuthorizationRequest { Address = endpoints.DeviceAuthorization, ClientId = provider.ClientId, Scope = provider.Scope }, ct);
        ct.ThrowIfCancellationRequested();
        if (authorization.IsError || authorization.DeviceCode is null || authorization.UserCode is null || authorization.VerificationUri is null)
        {
            throw new SignInException($"the identity provider refused the device code request: {Describe(authorization.Error, authorization.ErrorDescription)}",
                authorization.Exception ?? new InvalidOperationException(authorization.Error));
        }

        var lifetime = TimeSpan.FromSeconds(authorization.ExpiresIn ?? 300);
        show(new DeviceCodePrompt(authorization.VerificationUri, authorization.VerificationUriComplete, authorization.UserCode, lifetime));
        var deadline = _time.GetUtcNow() + lifetime;
        var interval = DevicePolling.FirstInterval(authorization.Interval);
        while (true)
        {
            await Task.Delay(interval, _time, ct);
            using var token = await _http.RequestDeviceTokenAsync(
                new DeviceTokenRequest { Address = endpoints.Token, ClientId = provider.ClientId, DeviceCode = authorization.DeviceCode }, ct);

            // The library answers a cancelled request with an error response: Ctrl+C is an interruption, not a provider failure.
            ct.ThrowIfCancellationRequested();
            if (token.Exception is not null)
            {
                throw new SignInException($"cannot reach the identity provider's token endpoint {endpoints.Token}: {token.Error}", token.Exception);
            }

            var step = DevicePolling.StepOf(token.IsError ? token.Error ?? "invalid_response" : null);
            switch (step)
            {
                case DevicePollStep.Done when token.AccessToken is not null:
                    return Saved(provider, token);
                case DevicePollStep.Wait or DevicePollStep.SlowDown when _time.GetUtcNow() < deadline:
                    interval = DevicePolling.NextInterval(step, interval);
                    continue;
                case DevicePollStep.Wait or DevicePollStep.SlowDown or DevicePollStep.Expired:
                    throw new SignInException("the sign-in code expired before it was approved: run 'gatolink-admin login --oidc' again.");
                case DevicePollStep.Denied:
                    throw new SignInException("the sign-in was denied at the identity provider: nothing was saved.");
                default:
                    throw new SignInException($"the identity provider refused the sign-in: {Describe(token.Error, token.ErrorDescription)}");
            }
        }
    }

    /// <summary>Exchanges <paramref name="signIn"/>'s refresh token for a new access token; null when the provider refuses.</summary>
    public async Task<SavedSignIn?> RefreshAsync(SavedSignIn signIn, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(signIn);
        if (signIn.RefreshToken is null)
        {
            return null;
        }

        var endpoints = await ProviderEndpoints.DiscoverAsync(_http, signIn.Authority, ct);
        using var token = await _http.RequestRefreshTokenAsync(
            new RefreshTokenRequest { Address = endpoints.Token, ClientId = signIn.ClientId, RefreshToken = signIn.RefreshToken }, ct);
        ct.ThrowIfCancellationRequested();
        if (token.Exception is not null)
        {
            throw new SignInException($"cannot reach the identity provider's token endpoint {endpoints.Token}: {token.Error}", token.Exception);
        }

        return token.IsError || token.AccessToken is null
            ? null
            : Saved(new OidcClientConfigDto(signIn.Authority, signIn.ClientId, ""), token) with { RefreshToken = token.RefreshToken ?? signIn.RefreshToken };
    }

    private SavedSignIn Saved(OidcClientConfigDto provider, TokenResponse token) => new(
        provider.Authority,
        provider.ClientId,
        token.AccessToken!,
        token.ExpiresIn > 0 ? _time.GetUtcNow() + TimeSpan.FromSeconds(token.ExpiresIn) : null,
        token.RefreshToken);

    private static string Describe(string? error, string? description) =>
        string.IsNullOrWhiteSpace(description) ? error ?? "no reason given" : $"{error}: {description}";
}
