using Microsoft.Extensions.Hosting;
using GatoLink.Grains.Telemetry;

namespace GatoLink.PerSilo.Telemetry;

/// <summary>
/// Resolving the instrument classes at host start creates their observable gauges even when nothing injects
/// <see cref="NodeInstruments"/> or <see cref="UsageStreamInstruments"/>.
/// </summary>
internal sealed class InstrumentsStarter(
    GatewayInstruments gateway,
    NodeInstruments nodes,
    LimitInstruments limits,
    LedgerInstruments ledger,
    PlacementInstruments placement,
    UsageStreamInstruments usageStream) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        GC.KeepAlive(gateway);
        GC.KeepAlive(nodes);
        GC.KeepAlive(limits);
        GC.KeepAlive(ledger);
        GC.KeepAlive(placement);
        GC.KeepAlive(usageStream);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
