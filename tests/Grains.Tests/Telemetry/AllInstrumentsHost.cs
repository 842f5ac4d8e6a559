using GatoLink.Grains.Telemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace GatoLink.Grains.Tests.Telemetry;

/// <summary>
/// The DI wiring of <see cref="TelemetryServiceCollectionExtensions.AddGatoLinkTelemetry"/> with
/// one measurement on every instrument: the exposition a live silo would serve.
/// </summary>
internal sealed class AllInstrumentsHost : IDisposable
{
    private readonly ServiceProvider _provider;

    public AllInstrumentsHost()
    {
        var nodes = new FakeNodeMetricsSource();
        nodes.Nodes.Add(new NodeMetricsSnapshot("gpu-1", 2, 4, 0.75, true, NodeCircuitState.HalfOpen));
        var budgets = new FakeBudgetMetricsSource();
        budgets.Budgets.Add(new TenantBudgetSnapshot("acme", 910_000, 1_000_000));

        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        services.AddSingleton<INodeMetricsSource>(nodes);
        services.AddSingleton<IBudgetMetricsSource>(budgets);
        services.AddGatoLinkTelemetry();
        _provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });

        var gateway = _provider.GetRequiredService<GatewayInstruments>();
        gateway.RequestCompleted("llama-3-8b", "acme", 200, TimeSpan.FromSeconds(2.2));
        gateway.RequestCompleted("llama-3-8b", "acme", 503, TimeSpan.FromSeconds(0.02));
        gateway.TimeToFirstToken("llama-3-8b", TimeSpan.FromMilliseconds(180));
        gateway.InterTokenLatency("llama-3-8b", TimeSpan.FromMilliseconds(22));
        gateway.GatewayOverhead("llama-3-8b", TimeSpan.FromMilliseconds(1.5));
        gateway.TokensUsed("llama-3-8b", "acme", 120, 480);
        gateway.CostIncurred("acme", 3_400);

        var limits = _provider.GetRequiredService<LimitInstruments>();
        limits.Refused(RefusalReason.Budget, "acme");
        limits.Refused(RefusalReason.RequestRate, "globex");
        limits.AdmissionEnqueued("llama-3-8b");
        limits.AdmissionEnqueued("llama-3-8b");
        limits.AdmissionDequeued("llama-3-8b");

        _provider.GetRequiredService<NodeInstruments>();

        var ledger = _provider.GetRequiredService<LedgerInstruments>();
        ledger.EventsEnqueued(5);
        ledger.EventsWritten(3);
        ledger.WriteFailed();

        Exporter = _provider.GetRequiredService<PrometheusExporter>();
    }

    public PrometheusExporter Exporter { get; }

    public void Dispose() => _provider.Dispose();
}
