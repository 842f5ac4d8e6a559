using System.Security.Claims;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace GatoLink.Integration.Tests.Identity;

/// <summary>
/// The test provider's own endpoints behind OpenIddict's passthrough: the token endpoint (who the user is, per grant),
/// the authorization endpoint and the device code verification page (both behind its login page), and the login page.
/// </summary>
internal sealed class OidcProviderEndpoints(IReadOnlyDictionary<string, Claim[]> users)
{
    public const string LoginScheme = "login";

    private const string UsernameClaim = "username";

    public async Task<IResult> TokenAsync(HttpContext context)
    {
        var request = context.GetOpenIddictServerRequest()!;
        if (request.IsAuthorizationCodeGrantType() || request.IsDeviceCodeGrantType() || request.IsRefreshTokenGrantType())
        {
            // OpenIddict has checked the code (and its PKCE verifier), the approved device code, or the refresh token;
            // issue tokens for the user it names, with the scopes granted then.
            var granted = await context.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
            var username = granted.Principal?.FindFirst(UsernameClaim)?.Value;
            return username is not null && users.TryGetValue(username, out var signedIn)
                ? SignIn([.. signedIn, new Claim(UsernameClaim, username)], granted.Principal!.GetScopes())
                : Refuse();
        }

        if (!request.IsPasswordGrantType() || request.Username is null || !users.TryGetValue(request.Username, out var claims) || request.Password != OidcProvider.Password)
        {
            return Refuse();
        }

        return SignIn(claims, request.GetScopes());
    }

    public async Task<IResult> AuthorizeAsync(HttpContext context)
    {
        if (await SignedInUserAsync(context) is not { } username)
        {
            return ToLogin(context);
        }

        return SignIn([.. users[username], new Claim(UsernameClaim, username)], context.GetOpenIddictServerRequest()!.GetScopes());
    }

    /// <summary>GET: the approval page for the code in the address (OpenIddict has checked it), or a form to type one.</summary>
    public async Task<IResult> VerifyPageAsync(HttpContext context)
    {
        if (await SignedInUserAsync(context) is not { } username)
        {
            return ToLogin(context);
        }

        var code = await context.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        var userCode = code.Properties?.GetTokenValue(OpenIddictServerAspNetCoreConstants.Tokens.UserCode);
        if (code.Succeeded && code.Principal.GetClaim(Claims.ClientId) is { } clientId && userCode is not null)
        {
            return Html(OidcProviderPages.Verify(username, clientId, userCode, string.Join(' ', code.Principal.GetScopes())));
        }

        return Html(OidcProviderPages.EnterCode(userCode is null ? null : "That code is not valid."));
    }

    /// <summary>POST: the user's decision. Approving signs the user in for the device; denying makes its polls answer access_denied.</summary>
    public async Task<IResult> VerifyDecisionAsync(HttpContext context)
    {
        if (await SignedInUserAsync(context) is not { } username)
        {
            return Results.Forbid(authenticationSchemes: [LoginScheme]);
        }

        var code = await context.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        if (!code.Succeeded)
        {
            return Html(OidcProviderPages.EnterCode("That code is not valid."));
        }

        var form = await context.Request.ReadFormAsync();
        if (form["decision"] != "approve")
        {
            return Results.Forbid(
                new AuthenticationProperties { RedirectUri = OidcProviderPages.DonePath + "?approved=false" },
                [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
        }

        // Like Keycloak, the provider grants the command line offline access: the device also gets a refresh token.
        var scopes = code.Principal.GetScopes().Add(Scopes.OfflineAccess);
        return SignIn([.. users[username], new Claim(UsernameClaim, username)], scopes, OidcProviderPages.DonePath + "?approved=true");
    }

    public async Task<IResult> LoginAsync(HttpContext context)
    {
        var form = await context.Request.ReadFormAsync();
        var returnUrl = form["returnUrl"].ToString();
        if (!returnUrl.StartsWith("/connect/authorize?", StringComparison.Ordinal) && !returnUrl.StartsWith("/connect/verify", StringComparison.Ordinal))
        {
            return Results.BadRequest();
        }

        var user = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, form["username"].ToString())], LoginScheme));
        await context.SignInAsync(LoginScheme, user);
        return Results.Redirect(returnUrl);
    }

    private async Task<string?> SignedInUserAsync(HttpContext context)
    {
        var login = await context.AuthenticateAsync(LoginScheme);
        return login.Principal?.Identity?.Name is { } username && users.ContainsKey(username) ? username : null;
    }

    private static IResult ToLogin(HttpContext context) =>
        Results.Redirect("/login?returnUrl=" + Uri.EscapeDataString(context.Request.Path + context.Request.QueryString));

    private static IResult Html(string page) => Results.Content(page, "text/html; charset=utf-8");

    private static IResult Refuse() => Results.Forbid(authenticationSchemes: [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);

    private static IResult SignIn(Claim[] claims, IEnumerable<string> scopes, string? redirectUri = null)
    {
        var identity = new ClaimsIdentity(claims, OpenIddictServerAspNetCoreDefaults.AuthenticationScheme, Claims.Name, Claims.Role);
        identity.SetDestinations(_ => [Destinations.AccessToken]);
        var principal = new ClaimsPrincipal(identity);
        principal.SetAudiences(OidcProvider.Audience);
        principal.SetScopes(scopes);
        return Results.SignIn(principal, new AuthenticationProperties { RedirectUri = redirectUri }, OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }
}
