namespace GatoLink.Silo.Telemetry;

/// <summary>
/// Brings the exporter up at host start (registered before Orleans' silo, so it sees Orleans' first measurements)
/// and creates the cluster gauge, which nothing else injects.
/// </summary>
internal sealed class MetricsStarter(PrometheusMetricsExporter exporter, ClusterInstruments cluster) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        GC.KeepAlive(exporter);
        GC.KeepAlive(cluster);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
