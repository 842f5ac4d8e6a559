using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace GatoLink.Grains.Telemetry;

/// <summary>Serves <see cref="PrometheusExporter"/> over HTTP.</summary>
public static class PrometheusEndpointExtensions
{
    /// <summary>
    /// <c>GET {path}</c> answers the exposition text with content type
    /// <c>text/plain; version=0.0.4; charset=utf-8</c>. Needs <see cref="PrometheusExporter"/>
    /// in DI (<see cref="TelemetryServiceCollectionExtensions.AddGatoLinkTelemetry"/>).
    /// </summary>
    public static IEndpointConventionBuilder MapPrometheusMetrics(this IEndpointRouteBuilder endpoints, string path = "/metrics") =>
        endpoints.MapGet(path, WriteMetricsAsync).ExcludeFromDescription();

    private static async Task WriteMetricsAsync(HttpContext context, PrometheusExporter exporter)
    {
        context.Response.ContentType = PrometheusExporter.ContentType;
        context.Response.Headers.CacheControl = "no-store";
        exporter.WriteTo(context.Response.BodyWriter);
        await context.Response.BodyWriter.FlushAsync(context.RequestAborted);
    }
}
