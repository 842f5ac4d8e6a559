using GatoLink.Grains.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GatoLink.Grains.Tests.Telemetry;

public sealed class MetricsEndpointTests
{
    [Fact]
    public async Task MetricsEndpointServesExpositionWithPrometheusContentType()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddGatoLinkTelemetry();
        await using var app = builder.Build();
        app.MapPrometheusMetrics();
        await app.StartAsync();
        app.Services.GetRequiredService<GatewayInstruments>().RequestCompleted("m", "t", 200, TimeSpan.FromSeconds(1));
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();

        using var client = new HttpClient();
        using var response = await client.GetAsync(new Uri(new Uri(address), "/metrics"));
        var body = await response.Content.ReadAsStringAsync();
        await app.StopAsync();

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        Assert.Contains("gatolink_gateway_requests_total{model=\"m\",status_code=\"200\",tenant=\"t\"} 1\n", body, StringComparison.Ordinal);
    }
}
