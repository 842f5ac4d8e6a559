using System.Net.Http.Json;
using System.Text.Json.Nodes;
using GatoLink.Integration.Tests.Infrastructure.Skipping;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace GatoLink.Integration.Tests.Portal;

/// <summary>
/// The fair share in the portal (Debian's Chromium, a real silo): a system admin sets a tenant's weight, guaranteed
/// share and cap on requests at once, and a key's priority class and cap; a bad value is refused in words before
/// anything is sent, and what is saved is what the admin API answers.
/// </summary>
public sealed class PortalShareTests : IClassFixture<PortalSilo>, IClassFixture<PortalBrowser>
{
    private readonly PortalSilo _silo;
    private readonly PortalBrowser _browser;

    public PortalShareTests(PortalSilo silo, PortalBrowser browser)
    {
        _silo = silo;
        _browser = browser;
    }

    [ToolFact]
    public async Task System_admin_sets_a_tenants_weight_guarantee_and_cap_and_a_keys_priority_and_cap()
    {
        _browser.Require();
        var tenant = await _silo.CreateTenantWithAdminAsync("shared");
        var (keyId, _) = await _silo.Silo.CreateKeyAsync(tenant.TenantId, new { name = "nightly-batch" });
        var page = await _browser.NewPageAsync();
        await page.GotoAsync(_silo.PortalUrl);
        await PortalBrowser.SignInAsync(page, _silo.Silo.AdminKey);

        // The tenant: a weight of 0 and a guarantee of 1.5 are refused in words; weight 3, 20% guaranteed, 5 at once saved.
        await page.GetByRole(AriaRole.Link, new() { Name = "Tenants" }).ClickAsync();
        var tenantRow = page.GetByTestId("tenants-table").GetByRole(AriaRole.Row).Filter(new() { HasText = tenant.Name });
        await page.GetByRole(AriaRole.Button, new() { Name = $"Edit {tenant.Name}" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await Expect(dialog.GetByLabel("Weight")).ToHaveValueAsync("1");
        await dialog.GetByLabel("Weight").FillAsync("0");
        await dialog.GetByLabel("Guaranteed share (fraction)").FillAsync("1.5");
        await dialog.GetByLabel("Most requests at once").FillAsync("5");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(dialog.GetByText("Enter a whole number from 1 to 10,000.")).ToBeVisibleAsync();
        await Expect(dialog.GetByText("Enter a fraction above 0 and below 1")).ToBeVisibleAsync();
        await PortalBrowser.ScreenshotAsync(page, "40-tenant-share-bad-weight");
        await dialog.GetByLabel("Weight").FillAsync("3");
        await dialog.GetByLabel("Guaranteed share (fraction)").FillAsync("0.2");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Dialog)).ToHaveCountAsync(0);
        await Expect(tenantRow).ToContainTextAsync("weight 3 · 20% guaranteed · 5 at once");
        await PortalBrowser.ScreenshotAsync(page, "41-tenant-share");
        var saved = await _silo.Silo.Admin.GetFromJsonAsync<JsonObject>($"admin/tenants/{tenant.TenantId}");
        Assert.Equal((3, 0.2, 5), ((int)saved!["weight"]!, (double)saved["guaranteed_share"]!, (int)saved["max_concurrent"]!));

        // The key: batch, at most 2 at once; a cap of 0 is refused first.
        await page.GetByRole(AriaRole.Button, new() { Name = $"Open {tenant.Name}" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Keys" }).ClickAsync();
        var keyRow = page.GetByRole(AriaRole.Row).Filter(new() { HasText = "nightly-batch" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Edit nightly-batch" }).ClickAsync();
        await Expect(dialog.GetByLabel("Priority class")).ToHaveValueAsync("interactive");
        await dialog.GetByLabel("Priority class").SelectOptionAsync("batch");
        await dialog.GetByLabel("Most requests at once").FillAsync("0");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(dialog.GetByText("Enter a whole number from 1 to 1,000,000 (empty: no cap).")).ToBeVisibleAsync();
        await dialog.GetByLabel("Most requests at once").FillAsync("2");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Dialog)).ToHaveCountAsync(0);
        await Expect(keyRow).ToContainTextAsync("batch · 2 at once");
        await PortalBrowser.ScreenshotAsync(page, "42-key-share");
        var key = await _silo.Silo.Admin.GetFromJsonAsync<JsonObject>($"admin/keys/{keyId}");
        Assert.Equal(("batch", 2), ((string)key!["priority"]!, (int)key["max_concurrent"]!));

        // Emptied, the cap goes: the key may run any number at once again.
        await page.GetByRole(AriaRole.Button, new() { Name = "Edit nightly-batch" }).ClickAsync();
        await dialog.GetByLabel("Most requests at once").FillAsync("");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(keyRow).Not.ToContainTextAsync("at once");
        key = await _silo.Silo.Admin.GetFromJsonAsync<JsonObject>($"admin/keys/{keyId}");
        Assert.Null(key!["max_concurrent"]);
        Assert.Equal("batch", (string)key["priority"]!);
    }
}
