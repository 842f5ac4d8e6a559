using GatoLink.Grains.Tests.Quotas;
using System.Text;
using GatoLink.Grains.Abstractions.Model;
using GatoLink.Grains.Abstractions.Nodes;
using GatoLink.Grains.Nodes;
using GatoLink.Grains.Placement;
using Microsoft.Extensions.Logging.Abstractions;
using GatoLink.PerSilo.Placement;
using GatoLink.PerSilo.Nodes;
using GatoLink.PerSilo.Models;

namespace GatoLink.Grains.Tests.Placement;

/// <summary>Synthetic nodes with scraped states set by the test, and a model placed on them.</summary>
internal sealed class PlacementFixture
{
    /// <param name="strategy">The model's strategy.</param>
    /// <param name="options">Placement settings.</param>
    /// <param name="queues">The model queues of a real silo, for tests that saturate every node (see <see cref="ModelQueueSilo"/>);
    /// without them a test that reaches the queue fails.</param>
    public PlacementFixture(PlacementStrategyKind strategy = PlacementStrategyKind.GatoLink, PlacementOptions? options = null, ModelQueues? queues = null)
    {
        Options = options ?? new PlacementOptions();
        Nodes = new NodeDirectory(Time, new NodeHealthOptions());
        queues ??= new ModelQueues(NoSilo.Create(), NullLogger<ModelQueues>.Instance);
        Model = new ModelRoute(new ModelRecord("m", [], 8192, 256, strategy, Time.GetUtcNow()), Nodes, new DefaultPlacementStrategyFactory(Options), queues, Options, Time);
    }

    public FakeTimeProvider Time { get; } = new();

    public PlacementOptions Options { get; }

    public NodeDirectory Nodes { get; }

    public ModelRoute Model { get; }

    public NodeReplica Add(string id, double waiting = 0, double running = 0, double kv = 0, bool draining = false)
    {
        var node = Nodes.Upsert(new GpuNodeRecord(id, new Uri($"http://{id}/"), EngineKind.Vllm, ["m"], 0, new Dictionary<string, string>(), draining, Time.GetUtcNow()));
        node.ReportLoad(new NodeLoadSample(waiting, running, kv, KvCapacityTokens: 100_000));
        return node;
    }

    public static PlacementRequest Request(string prompt = "") =>
        new("m", 10, 10, Encoding.UTF8.GetBytes(prompt));

    /// <summary>A chat prompt whose first ~2 KiB are shared by every request of a group.</summary>
    public static PlacementRequest GroupRequest(int group, int n)
    {
        var system = string.Concat(Enumerable.Repeat($"You are assistant number {group} and you follow these rules carefully. ", 40));
        return Request($"[{{\"role\":\"system\",\"content\":\"{system}\"}},{{\"role\":\"user\",\"content\":\"question {n}\"}}]");
    }

    public NodeReplica Choose(PlacementRequest request) =>
        Model.Strategy.Choose(request, Nodes.All) ?? throw new InvalidOperationException("no node");
}
