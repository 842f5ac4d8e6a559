using System.Text.Encodings.Web;
using GatoLink.Gateway.Auth;
using GatoLink.Gateway.Errors;
using GatoLink.Grains.Abstractions.Errors;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GatoLink.Gateway.Identity;

/// <summary>
/// A GatoLink key as a bearer token becomes a principal (subject <c>key/{id}</c>, the key's role and tenant). The key
/// is checked by <see cref="BearerAuthenticator"/>, the same as on /v1; its refusal (401, a disabled tenant's 403, 503
/// while storage is away) is what the challenge answers.
/// </summary>
public sealed class AdminKeyAuthenticationHandler : AuthenticationHandler<AuthenticationSchemeOptions>
{
    private static readonly object FailureKey = new();
    private readonly BearerAuthenticator _keys;

    /// <summary>Created per request by the authentication service.</summary>
    public AdminKeyAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, BearerAuthenticator keys)
        : base(options, logger, encoder) => _keys = keys;

    /// <inheritdoc />
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var (key, error) = await _keys.AuthenticateAsync(Context);
        if (key is null)
        {
            Context.Items[FailureKey] = error;
            return AuthenticateResult.Fail(error!.Message);
        }

        var record = key.Record;
        var identity = GatoLinkClaims.Identity(Scheme.Name, $"key/{record.Id:D}", record.Name, new RoleGrant(record.Role, record.TenantId), record.Id);
        return AuthenticateResult.Success(new AuthenticationTicket(new(identity), Scheme.Name));
    }

    /// <inheritdoc />
    protected override Task HandleChallengeAsync(AuthenticationProperties properties) =>
        OpenAiErrors.WriteAsync(Context, Context.Items[FailureKey] as GatoError ?? OpenAiErrors.InvalidApiKey());

    /// <inheritdoc />
    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        OpenAiErrors.WriteAsync(Context, IdentityErrors.NotAnAdmin("This key may not use the admin API."));
}
