using GatoLink.Grains.Abstractions.Nodes;

namespace GatoLink.Grains.Nodes.Adapters;

/// <summary>text-generation-inference's <c>/metrics</c>: queue size and current batch size (no KV figure).</summary>
public sealed class TgiAdapter : IEngineAdapter
{
    /// <inheritdoc />
    public EngineKind Engine => EngineKind.Tgi;

    /// <inheritdoc />
    public async Task<NodeLoadSample?> ScrapeAsync(HttpClient http, GpuNodeRecord node, CancellationToken ct)
    {
        var text = await http.GetStringAsync(new Uri(node.BaseUrl, "metrics"), ct);
        return Parse(text);
    }

    /// <summary>Reads a <c>/metrics</c> exposition.</summary>
    public static NodeLoadSample Parse(string metrics)
    {
        var m = PrometheusText.Parse(metrics);
        var queue = m.Sum("tgi_queue_size");
        var batch = m.Sum("tgi_batch_current_size");
        if (queue is null && batch is null)
        {
            throw new FormatException("No tgi_queue_size or tgi_batch_current_size in the exposition.");
        }

        return new NodeLoadSample(queue, batch, KvUsage: null);
    }
}
