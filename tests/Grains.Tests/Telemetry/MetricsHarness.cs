using System.Diagnostics.Metrics;
using GatoLink.Grains.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace GatoLink.Grains.Tests.Telemetry;

/// <summary>A real <see cref="IMeterFactory"/> from <c>AddMetrics</c> and an exporter on it.</summary>
internal sealed class MetricsHarness : IDisposable
{
    private readonly ServiceProvider _provider;

    public MetricsHarness(int maxTenantLabels = 200)
    {
        _provider = new ServiceCollection().AddMetrics().BuildServiceProvider();
        Factory = _provider.GetRequiredService<IMeterFactory>();
        Options = Microsoft.Extensions.Options.Options.Create(new TelemetryOptions { MaxTenantLabels = maxTenantLabels });
        Exporter = new PrometheusExporter(Factory, Options);
    }

    public IMeterFactory Factory { get; }

    public IOptions<TelemetryOptions> Options { get; }

    public PrometheusExporter Exporter { get; }

    public Meter Meter => Factory.Create(MetricNames.MeterName);

    public TenantLabelLimiter Tenants() => new(Options);

    public void Dispose()
    {
        Exporter.Dispose();
        _provider.Dispose();
    }
}
