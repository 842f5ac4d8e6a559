using System.Text.Json;
using GatoLink.Grains.Abstractions.Nodes;

namespace GatoLink.Grains.Nodes.Adapters;

/// <summary>
/// Ollama exposes no queue: <c>/api/ps</c> gives the VRAM its loaded models hold, read against the
/// node's configured VRAM; the queue is this silo's in-flight count. <c>/api/tags</c> lists its models.
/// </summary>
public sealed class OllamaAdapter : IEngineAdapter
{
    /// <inheritdoc />
    public EngineKind Engine => EngineKind.Ollama;

    /// <inheritdoc />
    public async Task<NodeLoadSample?> ScrapeAsync(HttpClient http, GpuNodeRecord node, CancellationToken ct)
    {
        var ps = await http.GetStringAsync(new Uri(node.BaseUrl, "api/ps"), ct);
        return ParsePs(ps, node.VramGb);
    }

    /// <summary>Reads <c>/api/ps</c>; VRAM use is null when the node's VRAM is not configured.</summary>
    public static NodeLoadSample ParsePs(string json, double vramGb)
    {
        using var doc = JsonDocument.Parse(json);
        if (!doc.RootElement.TryGetProperty("models", out var models) || models.ValueKind != JsonValueKind.Array)
        {
            throw new FormatException("/api/ps has no models array.");
        }

        long used = 0;
        foreach (var model in models.EnumerateArray())
        {
            if (model.TryGetProperty("size_vram", out var size) && size.ValueKind == JsonValueKind.Number)
            {
                used += size.GetInt64();
            }
        }

        double? usage = vramGb > 0 ? Math.Min(1, used / (vramGb * 1e9)) : null;
        return new NodeLoadSample(Waiting: null, Running: null, usage);
    }

    /// <summary>Model names in <c>/api/tags</c>.</summary>
    public static IReadOnlyList<string> ParseTags(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var names = new List<string>();
        if (doc.RootElement.TryGetProperty("models", out var models) && models.ValueKind == JsonValueKind.Array)
        {
            foreach (var model in models.EnumerateArray())
            {
                if (model.TryGetProperty("name", out var name) && name.GetString() is { Length: > 0 } text)
                {
                    names.Add(text);
                }
            }
        }

        return names;
    }
}
