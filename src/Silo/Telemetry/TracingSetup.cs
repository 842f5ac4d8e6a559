using GatoLink.Grains.Telemetry;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace GatoLink.Silo.Telemetry;

/// <summary>
/// OTLP export of GatoLink spans and metrics, only when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is
/// set (the exporter itself reads that and the other standard <c>OTEL_*</c> variables).
/// OpenTelemetry.Extensions.Hosting does not restore here, so providers are built with the
/// plain SDK and owned by <see cref="OpenTelemetryLifetime"/>.
/// </summary>
public static class TracingSetup
{
    /// <summary>The variable that switches OTLP export on.</summary>
    public const string EndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>Service name reported when <c>OTEL_SERVICE_NAME</c> is not set.</summary>
    public const string DefaultServiceName = "gatolink-silo";

    /// <summary>True when <paramref name="endpoint"/> (normally the env variable) is a usable URI.</summary>
    public static bool IsEnabled(string? endpoint) =>
        !string.IsNullOrWhiteSpace(endpoint) && Uri.TryCreate(endpoint, UriKind.Absolute, out _);

    /// <summary>
    /// A tracer provider exporting the <c>GatoLink</c> source over OTLP, or null when
    /// <paramref name="endpoint"/> is not set. The caller owns (disposes) it.
    /// </summary>
    public static TracerProvider? CreateTracerProvider(string? endpoint, string serviceName = DefaultServiceName)
    {
        if (!IsEnabled(endpoint))
        {
            return null;
        }

        return Sdk.CreateTracerProviderBuilder()
            .SetResourceBuilder(Resource(serviceName))
            .AddSource(GatoLinkTracing.SourceName)
            .AddOtlpExporter(options => options.Endpoint = new Uri(endpoint!))
            .Build();
    }

    /// <summary>
    /// A meter provider exporting the <c>GatoLink</c> meter over OTLP, or null when
    /// <paramref name="endpoint"/> is not set. The caller owns (disposes) it.
    /// </summary>
    public static MeterProvider? CreateMeterProvider(string? endpoint, string serviceName = DefaultServiceName)
    {
        if (!IsEnabled(endpoint))
        {
            return null;
        }

        return Sdk.CreateMeterProviderBuilder()
            .SetResourceBuilder(Resource(serviceName))
            .AddMeter(MetricNames.MeterName)
            .AddOtlpExporter(options => options.Endpoint = new Uri(endpoint!))
            .Build();
    }

    private static ResourceBuilder Resource(string serviceName) =>
        ResourceBuilder.CreateDefault().AddService(
            Environment.GetEnvironmentVariable("OTEL_SERVICE_NAME") is { Length: > 0 } configured ? configured : serviceName,
            serviceInstanceId: Environment.MachineName);
}
