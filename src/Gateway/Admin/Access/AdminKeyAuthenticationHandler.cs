using System.Security.Claims;
using System.Text.Encodings.Web;
using GatoLink.Gateway.Auth;
using GatoLink.Grains.Abstractions.Errors;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GatoLink.Gateway.Admin.Access;

/// <summary>
/// The admin API's authentication scheme: the bearer key, checked by <see cref="BearerAuthenticator"/> (the same
/// check as /v1). The caller becomes an <see cref="AdminPrincipal"/> on the request; a refusal is kept for
/// <see cref="AdminAuthorizationResultHandler"/> to answer in the admin error shape.
/// </summary>
public sealed class AdminKeyAuthenticationHandler : AuthenticationHandler<AuthenticationSchemeOptions>
{
    /// <summary>The scheme's name.</summary>
    public const string SchemeName = "GatoLinkAdminKey";

    private const string RefusalKey = "gatolink.admin.refusal";

    private readonly BearerAuthenticator _auth;

    /// <summary>Created per request by the authentication service.</summary>
    public AdminKeyAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, BearerAuthenticator auth)
        : base(options, logger, encoder) => _auth = auth;

    /// <summary>Why authentication refused the request, or null when it did not run or passed.</summary>
    public static GatoError? RefusalOf(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Items[RefusalKey] as GatoError;
    }

    /// <inheritdoc />
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var (key, error) = await _auth.AuthenticateAsync(Context);
        if (key is null)
        {
            Context.Items[RefusalKey] = error;
            return AuthenticateResult.Fail(error!.Message);
        }

        var record = key.Record;
        var principal = new AdminPrincipal(record.Id, record.TenantId, record.Role);
        principal.Attach(Context);
        var identity = new ClaimsIdentity(
            [
                new Claim(ClaimTypes.NameIdentifier, record.Id.ToString()),
                new Claim("tenant_id", record.TenantId.ToString()),
                new Claim(ClaimTypes.Role, record.Role.ToString()),
            ],
            SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }
}
