using Microsoft.Extensions.Hosting;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace GatoLink.Silo.Telemetry;

/// <summary>
/// Owns the OTLP providers for the life of the host: built at start, flushed and disposed at
/// stop (and on dispose, if the host never started).
/// </summary>
public sealed class OpenTelemetryLifetime(string? endpoint) : IHostedService, IDisposable
{
    private TracerProvider? _tracerProvider;
    private MeterProvider? _meterProvider;

    /// <summary>True once started with an endpoint.</summary>
    public bool IsExporting => _tracerProvider is not null;

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _tracerProvider ??= TracingSetup.CreateTracerProvider(endpoint);
        _meterProvider ??= TracingSetup.CreateMeterProvider(endpoint);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken)
    {
        Dispose();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        // Dispose flushes pending spans and metrics to the collector.
        Interlocked.Exchange(ref _tracerProvider, null)?.Dispose();
        Interlocked.Exchange(ref _meterProvider, null)?.Dispose();
    }
}
