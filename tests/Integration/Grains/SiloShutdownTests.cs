using System.Net;
using System.Net.Sockets;
using GatoLink.Grains.Abstractions.Nodes;
using GatoLink.Grains.Placement;
using GatoLink.Integration.Tests.Infrastructure;
using Microsoft.Extensions.Logging;

namespace GatoLink.Integration.Tests.Grains;

/// <summary>
/// The last silo of a cluster stops with grains whose timers tick: Orleans 10.4.2 moves an activation that has a
/// request waiting when its silo shuts down to another silo, and a timer tick counts as one. With no other silo to
/// move to, placement fails and Orleans logs an error on an orderly stop. Grains that rebuild their state on
/// activation are immovable, so their waiting ticks are dropped with them instead.
/// </summary>
public sealed class SiloShutdownTests
{
    [Fact]
    public async Task TheLastSiloStopsWithTickingNodeGrainsAndLogsNoError()
    {
        // A node that accepts and never answers keeps every grain's scrape running until its timeout.
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var url = new Uri($"http://127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}");
        var logs = new LogCapture();
        var placement = new PlacementOptions { PollInterval = TimeSpan.FromMilliseconds(1), ScrapeTimeout = TimeSpan.FromMilliseconds(20) };
        await using var grains = await GrainCluster.StartAsync(1, placement: placement, logs: logs);
        var nodes = Enumerable.Range(0, 128).Select(i => $"tick-{i}").ToList();
        foreach (var id in nodes)
        {
            await grains.Storage.Nodes.UpsertAsync(new GpuNodeRecord(id, url, EngineKind.Vllm, ["demo-8b"], 80, new Dictionary<string, string>(), false, DateTimeOffset.UtcNow), CancellationToken.None);
        }

        var factory = grains.FactoryOf(0);
        await Task.WhenAll(nodes.Select(id => factory.GetGrain<IGpuNodeGrain>(id).Sync(new NodeSiloReport("silo-a", 1, 10))));
        await Task.Delay(TimeSpan.FromMilliseconds(200));

        await grains.Cluster.StopSiloAsync(grains.Cluster.Silos[0]);

        var errors = logs.Lines.Where(l => l.Level >= LogLevel.Error).ToList();
        Assert.True(errors.Count == 0, string.Join('\n', errors));
    }
}
