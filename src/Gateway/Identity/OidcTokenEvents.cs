using System.Security.Claims;
using GatoLink.Gateway.Errors;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace GatoLink.Gateway.Identity;

/// <summary>
/// What GatoLink adds to JwtBearer: a validated token becomes a GatoLink principal by the claim rules (the provider's
/// other claims are dropped, so nothing downstream reads them), and refusals answer in the admin API's JSON shape.
/// </summary>
public sealed partial class OidcTokenEvents : JwtBearerEvents
{
    private readonly OidcRoleMapper _mapper;
    private readonly IOptionsMonitor<OidcOptions> _options;
    private readonly ILogger<OidcTokenEvents> _logger;

    /// <summary>Created per request by JwtBearer (<c>EventsType</c>).</summary>
    public OidcTokenEvents(OidcRoleMapper mapper, IOptionsMonitor<OidcOptions> options, ILogger<OidcTokenEvents> logger)
    {
        _mapper = mapper;
        _options = options;
        _logger = logger;
    }

    /// <inheritdoc />
    public override Task TokenValidated(TokenValidatedContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var user = context.Principal!;
        var subject = user.FindFirstValue("sub");
        if (string.IsNullOrEmpty(subject))
        {
            context.Fail("The access token has no subject.");
            return Task.CompletedTask;
        }

        var name = user.FindFirstValue(_options.CurrentValue.NameClaim) ?? user.FindFirstValue("preferred_username");
        var grant = _mapper.Map(user);
        if (grant is null)
        {
            LogNoRole(_logger, subject, name);
        }

        context.Principal = new ClaimsPrincipal(GatoLinkClaims.Identity(IdentitySchemes.Oidc, subject, name, grant, keyId: null));
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public override Task Challenge(JwtBearerChallengeContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.HandleResponse();
        var message = context.AuthenticateFailure switch
        {
            SecurityTokenExpiredException => "The access token has expired.",
            SecurityTokenInvalidIssuerException or SecurityTokenSignatureKeyNotFoundException or SecurityTokenInvalidSignatureException =>
                "The access token was not issued by the configured identity provider.",
            SecurityTokenInvalidAudienceException => "The access token is not meant for GatoLink.",
            null => "You didn't provide an access token or API key.",
            _ => "The access token is not valid.",
        };
        if (context.AuthenticateFailure is { } failure)
        {
            LogRefused(_logger, failure.GetType().Name, context.Request.Path);
        }

        return OpenAiErrors.WriteAsync(context.HttpContext, IdentityErrors.InvalidToken(message));
    }

    /// <inheritdoc />
    public override Task Forbidden(ForbiddenContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return OpenAiErrors.WriteAsync(context.HttpContext, IdentityErrors.NotAnAdmin("This identity has no GatoLink admin role."));
    }

    [LoggerMessage(EventId = 1030, Level = LogLevel.Warning, Message = "Signed-in user {Subject} ({Name}) matched no role rule and may do nothing")]
    private static partial void LogNoRole(ILogger logger, string subject, string? name);

    [LoggerMessage(EventId = 1031, Level = LogLevel.Information, Message = "Refused an access token on {Path}: {Failure}")]
    private static partial void LogRefused(ILogger logger, string failure, string path);
}
