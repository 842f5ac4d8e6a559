using GatoLink.Integration.Tests.Infrastructure.Skipping;
using Microsoft.Playwright;

namespace GatoLink.Integration.Tests.Portal;

/// <summary>
/// Debian's Chromium driven by Playwright (never a downloaded browser). Missing Chromium fails the test under
/// CI=true; on a developer machine the browser tests say so and pass without running.
/// </summary>
public sealed class PortalBrowser : IAsyncLifetime
{
    /// <summary>The Chromium that apt-get installs.</summary>
    public const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? _playwright;

    /// <summary>The browser, or null when Chromium is not installed on a developer machine.</summary>
    public IBrowser? Browser { get; private set; }

    /// <summary>Where each page's screenshot goes: TestResults/portal-screenshots beside the test assembly.</summary>
    public static string ScreenshotDirectory { get; } = Path.Combine(AppContext.BaseDirectory, "TestResults", "portal-screenshots");

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            if (PortalRepository.OnCi)
            {
                throw new InvalidOperationException($"{ChromiumPath} is missing; CI must install it (apt-get install -y chromium). The portal's browser tests never skip on CI.");
            }

            return;
        }

        // Browser tests on a shared 2-core machine: give expectations room, they still end as soon as they hold.
        Assertions.SetDefaultExpectTimeout(20_000);
        Directory.CreateDirectory(ScreenshotDirectory);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"],
        });
    }

    /// <summary>Stops the test (failing under CI) when Debian's Chromium is not installed.</summary>
    public void Require()
    {
        if (Browser is null)
        {
            throw ToolMissing.Stop(ChromiumPath, "apt-get install -y chromium");
        }
    }

    /// <summary>Signs in on the portal's sign-in page with an admin key.</summary>
    public static async Task SignInAsync(IPage page, string key)
    {
        ArgumentNullException.ThrowIfNull(page);
        await page.GetByLabel("Admin key").FillAsync(key);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
    }

    /// <summary>A fresh browser context (own sessionStorage) at laptop size with one page.</summary>
    public async Task<IPage> NewPageAsync(int width = 1366, int height = 900)
    {
        var browser = Browser ?? throw new InvalidOperationException("Chromium is not available.");
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = width, Height = height },
            AcceptDownloads = true,
            Locale = "en-US",
            TimezoneId = "UTC",
        });
        context.SetDefaultTimeout(20_000);
        return await context.NewPageAsync();
    }

    /// <summary>Saves a full-page screenshot named <paramref name="name"/>.png.</summary>
    public static Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotDirectory, name + ".png"), FullPage = true });

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
    }
}
