using GatoLink.Integration.Tests.Infrastructure.Skipping;
using GatoLink.Integration.Tests.Portal;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace GatoLink.Integration.Tests.Identity;

/// <summary>
/// The portal signs in through the OpenID Connect provider in Debian's Chromium: Authorization Code with PKCE (the test
/// provider requires it), the user typed on the provider's own login page, the access token then used as the portal's
/// Bearer token; the user's claims decide what the portal shows.
/// </summary>
public sealed class OidcPortalSignInTests : IClassFixture<OidcAdminFixture>, IClassFixture<PortalBrowser>
{
    private readonly OidcAdminFixture _f;
    private readonly PortalBrowser _browser;

    public OidcPortalSignInTests(OidcAdminFixture fixture, PortalBrowser browser)
    {
        _f = fixture;
        _browser = browser;
    }

    [ToolFact]
    public async Task A_tenant_claim_user_signs_in_through_the_provider_and_sees_only_that_tenant()
    {
        var page = await SignInThroughProviderAsync("bob");
        await Expect(page.GetByTestId("identity")).ToContainTextAsync("Bob Tenant");
        await Expect(page.GetByTestId("tenant-name")).ToContainTextAsync(_f.Acme.Name);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Overview · {_f.Acme.Name}" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Tenants" })).ToHaveCountAsync(0);
        await PortalBrowser.ScreenshotAsync(page, "oidc-01-tenant-admin");

        // The token is the portal's Bearer token: the keys page lists acme's keys through the admin API.
        await page.GetByRole(AriaRole.Link, new() { Name = "Keys" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Keys · {_f.Acme.Name}" })).ToBeVisibleAsync();
    }

    [ToolFact]
    public async Task A_system_admin_group_user_signs_in_and_may_pick_any_tenant()
    {
        var page = await SignInThroughProviderAsync("alice");
        await Expect(page.GetByTestId("identity")).ToContainTextAsync("Alice Admin");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Overview · all tenants" })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Tenants", Exact = true }).ClickAsync();
        await Expect(page.GetByTestId("tenants-table")).ToContainTextAsync(_f.Other.Name);
        await PortalBrowser.ScreenshotAsync(page, "oidc-02-system-admin");
    }

    [ToolFact]
    public async Task A_user_no_rule_grants_comes_back_refused()
    {
        var page = await SignInThroughProviderAsync("carol");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "GatoLink portal" })).ToBeVisibleAsync();
        await Expect(page.GetByText("This identity has no GatoLink admin role.")).ToBeVisibleAsync();
        Assert.Null(await page.EvaluateAsync<string?>("sessionStorage.getItem('gatolink.portal.key')"));
    }

    private async Task<IPage> SignInThroughProviderAsync(string user)
    {
        if (_browser.Browser is null)
        {
            throw ToolMissing.Stop(PortalBrowser.ChromiumPath, "apt-get install -y chromium");
        }

        var page = await _browser.NewPageAsync();
        await page.GotoAsync(new Uri(_f.Silo.BaseUrl, "portal/").ToString());
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in with your company account" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in to the test identity provider" })).ToBeVisibleAsync();
        Assert.StartsWith(_f.Provider.Issuer.ToString(), page.Url, StringComparison.Ordinal);
        await page.Locator("#username").FillAsync(user);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        // Back on the portal with a code (three redirects and the portal's bundle on a busy machine: give it time), which
        // the portal redeems and then removes from the address.
        await page.WaitForURLAsync(url => url.StartsWith(_f.Silo.BaseUrl.ToString(), StringComparison.Ordinal), new() { WaitUntil = WaitUntilState.Commit, Timeout = 60_000 });
        await Expect(page).ToHaveURLAsync(new Uri(_f.Silo.BaseUrl, "portal/").ToString(), new() { Timeout = 60_000 });
        return page;
    }
}
