using GatoLink.Grains.Abstractions.Model;
using GatoLink.Grains.Telemetry;
using GatoLink.Silo.Telemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using GatoLink.PerSilo.Telemetry;
using GatoLink.PerSilo.Placement;

namespace GatoLink.Integration.Tests.Observability;

/// <summary>
/// The silo's <see cref="PrometheusMetricsExporter"/> over every GatoLink instrument, each measured once, with fake
/// scrape-time sources: the families a silo writes once everything has happened at least once.
/// </summary>
internal sealed class AllInstrumentsExporter : IDisposable
{
    private readonly ServiceProvider _provider;

    public AllInstrumentsExporter()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        services.AddGatoLinkTelemetry();
        services.AddSingleton<PrometheusMetricsExporter>();
        services.AddSingleton<INodeMetricsSource>(new Nodes());
        services.AddSingleton<IBudgetMetricsSource>(new Budgets());
        services.AddSingleton<IUsageStreamMetricsSource>(new UsageStream());
        _provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        Exporter = _provider.GetRequiredService<PrometheusMetricsExporter>();

        var gateway = _provider.GetRequiredService<GatewayInstruments>();
        gateway.RequestCompleted("llama-3-8b", "acme", 200, TimeSpan.FromSeconds(2.2));
        gateway.TimeToFirstToken("llama-3-8b", TimeSpan.FromMilliseconds(180));
        gateway.InterTokenLatency("llama-3-8b", TimeSpan.FromMilliseconds(22));
        gateway.GatewayOverhead("llama-3-8b", TimeSpan.FromMilliseconds(1.5));
        gateway.TokensUsed("llama-3-8b", "acme", 120, 480);
        gateway.CostIncurred("acme", 3_400);
        var limits = _provider.GetRequiredService<LimitInstruments>();
        limits.Refused(RefusalReason.Budget, "acme");
        limits.AdmissionEnqueued("llama-3-8b");
        var claim = new GatoLink.Grains.Abstractions.Models.QueueClaim(Guid.Empty, GatoLink.Grains.Abstractions.Keys.PriorityClass.Batch, 1, null, 300);
        limits.QueueJoined("llama-3-8b", claim);
        limits.QueueJoined("llama-3-8b", claim);
        limits.QueueLeft("llama-3-8b", claim, TimeSpan.FromSeconds(1.5));
        limits.QueueServed("llama-3-8b", claim, 280);
        _provider.GetRequiredService<PlacementInstruments>().Decided(
            "llama-3-8b", PlacementStrategyKind.GatoLink, PlacementDecision.AllSaturated);
        var ledger = _provider.GetRequiredService<LedgerInstruments>();
        ledger.EventsEnqueued(5);
        ledger.EventsWritten(3);
        ledger.WriteFailed();
        _provider.GetRequiredService<NodeInstruments>();
        _provider.GetRequiredService<UsageStreamInstruments>();
    }

    public PrometheusMetricsExporter Exporter { get; }

    public void Dispose() => _provider.Dispose();

    private sealed class Nodes : INodeMetricsSource
    {
        public IReadOnlyList<NodeMetricsSnapshot> GetNodeSnapshots() =>
            [new NodeMetricsSnapshot("gpu-1", 2, 4, 0.75, true, NodeCircuitState.HalfOpen, 6, TimeSpan.FromSeconds(1))];
    }

    private sealed class Budgets : IBudgetMetricsSource
    {
        public IReadOnlyList<TenantBudgetSnapshot> GetBudgetSnapshots() => [new TenantBudgetSnapshot("acme", 910_000, 1_000_000)];
    }

    private sealed class UsageStream : IUsageStreamMetricsSource
    {
        public UsageStreamSnapshot GetUsageStreamSnapshot() => new(12, TimeSpan.FromSeconds(0.4));
    }
}
