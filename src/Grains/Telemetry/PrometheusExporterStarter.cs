using Microsoft.Extensions.Hosting;

namespace GatoLink.Grains.Telemetry;

/// <summary>
/// Resolving the exporter and the instrument classes at host start makes the listener exist
/// before the first request, and creates the observable gauges even if nobody injects
/// <see cref="NodeInstruments"/>.
/// </summary>
internal sealed class PrometheusExporterStarter(
    PrometheusExporter exporter,
    GatewayInstruments gateway,
    NodeInstruments nodes,
    LimitInstruments limits,
    LedgerInstruments ledger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        GC.KeepAlive(exporter);
        GC.KeepAlive(gateway);
        GC.KeepAlive(nodes);
        GC.KeepAlive(limits);
        GC.KeepAlive(ledger);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
