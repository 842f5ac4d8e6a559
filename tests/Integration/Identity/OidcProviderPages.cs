using System.Net;

namespace GatoLink.Integration.Tests.Identity;

/// <summary>The test provider's HTML: its login page and its device code verification pages.</summary>
internal static class OidcProviderPages
{
    /// <summary>The page a finished verification lands on.</summary>
    public const string DonePath = "/done";

    public static string Login(string returnUrl) =>
        $"""
        <!doctype html><html><head><title>Test identity provider</title></head><body>
        <h1>Sign in to the test identity provider</h1>
        <form method="post" action="/login">
          <input type="hidden" name="returnUrl" value="{WebUtility.HtmlEncode(returnUrl)}">
          <label>User name <input id="username" name="username"></label>
          <button type="submit">Sign in</button>
        </form></body></html>
        """;

    /// <summary>Asks the signed-in user to approve or deny the device that showed <paramref name="userCode"/>.</summary>
    public static string Verify(string username, string clientId, string userCode, string scope) =>
        $"""
        <!doctype html><html><head><title>Approve a device</title></head><body>
        <h1>Sign in {WebUtility.HtmlEncode(clientId)} as {WebUtility.HtmlEncode(username)}?</h1>
        <p>Code <code id="user-code">{WebUtility.HtmlEncode(userCode)}</code>, scopes {WebUtility.HtmlEncode(scope)}.</p>
        <form method="post" action="/connect/verify">
          <input type="hidden" name="user_code" value="{WebUtility.HtmlEncode(userCode)}">
          <button type="submit" name="decision" value="approve">Approve</button>
          <button type="submit" name="decision" value="deny">Deny</button>
        </form></body></html>
        """;

    /// <summary>Asks for a code (none given, or the one given is not valid).</summary>
    public static string EnterCode(string? problem) =>
        $"""
        <!doctype html><html><head><title>Enter your code</title></head><body>
        <h1>Enter the code your device shows</h1>
        {(problem is null ? "" : $"<p id=\"problem\">{WebUtility.HtmlEncode(problem)}</p>")}
        <form method="get" action="/connect/verify">
          <label>Code <input id="user_code" name="user_code"></label>
          <button type="submit">Next</button>
        </form></body></html>
        """;

    public static string Done(bool approved) =>
        $"""
        <!doctype html><html><head><title>Done</title></head><body>
        <h1 id="outcome">{(approved ? "Device approved" : "Device denied")}</h1><p>You may close this window.</p></body></html>
        """;
}
