using System.Net.Http.Json;
using System.Text.Json.Nodes;
using GatoLink.Integration.Tests.Cache;
using GatoLink.Integration.Tests.Infrastructure.Skipping;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace GatoLink.Integration.Tests.Portal;

/// <summary>
/// The response cache in the portal (Debian's Chromium, a real silo with NodeSim): a system admin sets a tenant's
/// policy and KV isolation, narrows a key's, a bad similarity is refused in words before anything is sent, and the
/// usage page says what the cache saved this month.
/// </summary>
public sealed class PortalCacheTests : IClassFixture<PortalSilo>, IClassFixture<PortalBrowser>
{
    private readonly PortalSilo _silo;
    private readonly PortalBrowser _browser;

    public PortalCacheTests(PortalSilo silo, PortalBrowser browser)
    {
        _silo = silo;
        _browser = browser;
    }

    [ToolFact]
    public async Task System_admin_sets_the_cache_policy_of_a_tenant_and_a_key_and_sees_what_it_saved_this_month()
    {
        _browser.Require();
        var tenant = await _silo.CreateTenantWithAdminAsync("cached");
        var (keyId, secret) = await _silo.Silo.CreateKeyAsync(tenant.TenantId, new { name = "cached-app" });
        var page = await _browser.NewPageAsync();
        await page.GotoAsync(_silo.PortalUrl);
        await PortalBrowser.SignInAsync(page, _silo.Silo.AdminKey);

        // The tenant: semantic, ten minutes, 0.85, random outputs too, KV isolation; a similarity of 2 is refused first.
        await page.GetByRole(AriaRole.Link, new() { Name = "Tenants" }).ClickAsync();
        var tenantRow = page.GetByTestId("tenants-table").GetByRole(AriaRole.Row).Filter(new() { HasText = tenant.Name });
        await Expect(tenantRow).ToContainTextAsync("none");
        await page.GetByRole(AriaRole.Button, new() { Name = $"Edit {tenant.Name}" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await dialog.GetByLabel("Cache mode").SelectOptionAsync("semantic");
        await dialog.GetByLabel("Cache time to live (seconds)").FillAsync("600");
        await dialog.GetByLabel("Similarity for a semantic hit").FillAsync("2");
        await dialog.GetByLabel("Also cache sampled answers").CheckAsync();
        await dialog.GetByLabel("KV-cache isolation").CheckAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(dialog.GetByText("Enter a number above 0 and at most 1")).ToBeVisibleAsync();
        await PortalBrowser.ScreenshotAsync(page, "30-tenant-cache-bad-similarity");
        await dialog.GetByLabel("Similarity for a semantic hit").FillAsync("0.85");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Dialog)).ToHaveCountAsync(0);
        await Expect(tenantRow).ToContainTextAsync("semantic · 10m · ≥ 0.85 · random too");
        await Expect(tenantRow).ToContainTextAsync("KV isolated");
        await PortalBrowser.ScreenshotAsync(page, "31-tenant-cache");
        var saved = await _silo.Silo.Admin.GetFromJsonAsync<JsonObject>($"admin/tenants/{tenant.TenantId}");
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"mode":"semantic","ttl_seconds":600,"similarity":0.85,"random":true}"""), saved!["cache"]), saved.ToJsonString());
        Assert.True((bool)saved["kv_isolation"]!);

        // The key: exact for a minute, narrowing the tenant's.
        await page.GetByRole(AriaRole.Button, new() { Name = $"Open {tenant.Name}" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Keys" }).ClickAsync();
        var keyRow = page.GetByRole(AriaRole.Row).Filter(new() { HasText = "cached-app" });
        await Expect(keyRow).ToContainTextAsync("tenant's");
        await page.GetByRole(AriaRole.Button, new() { Name = "Edit cached-app" }).ClickAsync();
        await dialog.GetByLabel("Cache mode").SelectOptionAsync("exact");
        await dialog.GetByLabel("Cache time to live (seconds)").FillAsync("60");
        await dialog.GetByLabel("Also cache sampled answers").UncheckAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(keyRow).ToContainTextAsync("exact · 1m");
        await PortalBrowser.ScreenshotAsync(page, "32-key-cache");
        var key = await _silo.Silo.Admin.GetFromJsonAsync<JsonObject>($"admin/keys/{keyId}");
        Assert.Equal(("exact", 60), ((string)key!["cache"]!["mode"]!, (int)key["cache"]!["ttl_seconds"]!));

        // A miss and a hit under the key's policy, then the usage page's saving this month.
        var body = CacheCalls.Chat("What does the portal say the cache saved? " + Guid.NewGuid());
        await Eventually.HoldsAsync(async () => (await CacheCalls.SendAsync(_silo.Silo, secret, body)).Cache == "miss", TimeSpan.FromSeconds(20), "the key's policy on the data plane");
        Assert.Equal("hit", (await CacheCalls.SendAsync(_silo.Silo, secret, body)).Cache);
        var cache = await CacheCalls.SavingsAsync(_silo.Silo, tenant.TenantId, 1);
        await page.GetByRole(AriaRole.Link, new() { Name = "Usage" }).ClickAsync();
        await Expect(page.GetByTestId("cache-hits-month")).ToHaveTextAsync($"1 hits · {(long)cache["saved_tokens"]!:N0} tokens");
        await Expect(page.GetByTestId("cache-saved-month")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\$0\.0\d*[1-9]\d*$"));
        Assert.True((decimal)cache["saved_usd"]! > 0);
        await PortalBrowser.ScreenshotAsync(page, "33-usage-cache-saved");
    }
}
