using System.Net;
using GatoLink.Integration.Tests.Infrastructure;

namespace GatoLink.Integration.Tests.Portal;

/// <summary>The silo serves the built portal at /portal: the app for its routes, cached assets, a strict CSP.</summary>
public sealed class PortalServingTests : IAsyncLifetime
{
    private SiloHarness _silo = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _silo = await SiloHarness.StartAsync();
        _http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = _silo.BaseUrl };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _silo.DisposeAsync();
    }

    [Fact]
    public async Task Portal_without_a_slash_redirects_to_the_app()
    {
        using var response = await _http.GetAsync("portal");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/portal/", response.Headers.Location?.OriginalString);
    }

    [Theory]
    [InlineData("portal/")]
    [InlineData("portal/keys")]
    [InlineData("portal/usage")]
    public async Task Every_portal_route_answers_the_app_with_a_strict_content_security_policy(string path)
    {
        using var response = await _http.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("<div id=\"root\"></div>", html, StringComparison.Ordinal);
        Assert.Contains("/portal/assets/", html, StringComparison.Ordinal);
        var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Equal("no-cache", response.Headers.CacheControl?.ToString());
    }

    [Fact]
    public async Task Hashed_assets_are_served_immutable_and_a_missing_one_is_404()
    {
        var html = await _http.GetStringAsync("portal/");
        var start = html.IndexOf("/portal/assets/", StringComparison.Ordinal);
        var script = html[(start + 1)..html.IndexOf('"', start)];
        using var asset = await _http.GetAsync(script);
        Assert.Equal(HttpStatusCode.OK, asset.StatusCode);
        Assert.Contains("immutable", asset.Headers.CacheControl?.ToString() ?? "", StringComparison.Ordinal);

        using var missing = await _http.GetAsync("portal/assets/missing-0000.js");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }
}
