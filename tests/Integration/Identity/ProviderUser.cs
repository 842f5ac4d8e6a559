using System.Net;
using System.Text.RegularExpressions;

namespace GatoLink.Integration.Tests.Identity;

/// <summary>
/// A person at the test provider's pages, as plain HTTP with cookies: opens the verification link a device showed, signs
/// in on the login page it is sent to, and approves or denies the device on the page that names its code.
/// </summary>
public static partial class ProviderUser
{
    /// <summary>Decides on the device that showed <paramref name="userCode"/>; returns the page the provider ends on.</summary>
    public static async Task<string> DecideAsync(string username, Uri verificationUriComplete, string userCode, bool approve)
    {
        ArgumentNullException.ThrowIfNull(verificationUriComplete);
        using var handler = new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = true };
        using var browser = new HttpClient(handler);

        var login = await browser.GetStringAsync(verificationUriComplete);
        Assert.Contains("Sign in to the test identity provider", login, StringComparison.Ordinal);
        var returnUrl = WebUtility.HtmlDecode(ReturnUrl().Match(login).Groups[1].Value);

        using var signIn = new FormUrlEncodedContent(new Dictionary<string, string> { ["returnUrl"] = returnUrl, ["username"] = username });
        using var verifyPage = await browser.PostAsync(new Uri(verificationUriComplete, "/login"), signIn);
        var verify = await verifyPage.Content.ReadAsStringAsync();
        Assert.True(verifyPage.IsSuccessStatusCode, verify);
        Assert.Contains($"<code id=\"user-code\">{userCode}</code>", verify, StringComparison.Ordinal);

        using var decision = new FormUrlEncodedContent(new Dictionary<string, string> { ["user_code"] = userCode, ["decision"] = approve ? "approve" : "deny" });
        using var done = await browser.PostAsync(new Uri(verificationUriComplete, "/connect/verify"), decision);
        var page = await done.Content.ReadAsStringAsync();
        Assert.True(done.IsSuccessStatusCode, page);
        return page;
    }

    [GeneratedRegex("name=\"returnUrl\" value=\"([^\"]*)\"")]
    private static partial Regex ReturnUrl();
}
