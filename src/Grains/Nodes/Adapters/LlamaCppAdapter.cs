using System.Text.Json;
using GatoLink.Grains.Abstractions.Nodes;

namespace GatoLink.Grains.Nodes.Adapters;

/// <summary>
/// llama.cpp's server: <c>/metrics</c> (needs <c>--metrics</c>) for processing and deferred requests, and
/// <c>/slots</c> for how many of its fixed slots are busy, which stands in for KV use (each slot owns a
/// fixed slice of the context).
/// </summary>
public sealed class LlamaCppAdapter : IEngineAdapter
{
    /// <inheritdoc />
    public EngineKind Engine => EngineKind.LlamaCpp;

    /// <inheritdoc />
    public async Task<NodeLoadSample?> ScrapeAsync(HttpClient http, GpuNodeRecord node, CancellationToken ct)
    {
        var metrics = await http.GetStringAsync(new Uri(node.BaseUrl, "metrics"), ct);
        string? slots = null;
        try
        {
            slots = await http.GetStringAsync(new Uri(node.BaseUrl, "slots"), ct);
        }
        catch (HttpRequestException)
        {
            // /slots can be disabled (--no-slots); the metrics alone still place well.
        }

        return Parse(metrics, slots);
    }

    /// <summary>Reads <c>/metrics</c> and, when given, <c>/slots</c>.</summary>
    public static NodeLoadSample Parse(string metrics, string? slots)
    {
        var m = PrometheusText.Parse(metrics);
        var processing = m.Sum("llamacpp:requests_processing");
        var deferred = m.Sum("llamacpp:requests_deferred");
        if (processing is null && deferred is null)
        {
            throw new FormatException("No llamacpp:requests_* metrics in the exposition.");
        }

        double? kv = m.Sum("llamacpp:kv_cache_usage_ratio");
        long? capacity = null;
        if (slots is not null)
        {
            var (busy, total, ctx) = ReadSlots(slots);
            if (total > 0)
            {
                kv ??= (double)busy / total;
                capacity = ctx;
            }
        }

        return new NodeLoadSample(deferred, processing, kv, capacity);
    }

    /// <summary>Busy slots, all slots, and the summed context of all slots.</summary>
    public static (int Busy, int Total, long Context) ReadSlots(string json)
    {
        using var doc = JsonDocument.Parse(json);
        if (doc.RootElement.ValueKind != JsonValueKind.Array)
        {
            throw new FormatException("/slots is not an array.");
        }

        int busy = 0, total = 0;
        long context = 0;
        foreach (var slot in doc.RootElement.EnumerateArray())
        {
            total++;
            if (slot.TryGetProperty("is_processing", out var p) && p.ValueKind == JsonValueKind.True)
            {
                busy++;
            }
            else if (slot.TryGetProperty("state", out var state) && state.ValueKind == JsonValueKind.Number && state.GetInt32() != 0)
            {
                // Older servers report state 0 = idle, 1 = processing.
                busy++;
            }

            if (slot.TryGetProperty("n_ctx", out var ctx) && ctx.ValueKind == JsonValueKind.Number)
            {
                context += ctx.GetInt64();
            }
        }

        return (busy, total, context);
    }
}
