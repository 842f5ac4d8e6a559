using System.Text.Json;
using GatoLink.Grains.Abstractions.Nodes;

namespace GatoLink.Grains.Nodes.Adapters;

/// <summary>Asks a node which models it serves: <c>/v1/models</c>, or <c>/api/tags</c> for Ollama.</summary>
public static class ModelDiscovery
{
    /// <summary>The model ids the node reports.</summary>
    public static async Task<IReadOnlyList<string>> DiscoverAsync(HttpClient http, GpuNodeRecord node, CancellationToken ct)
    {
        if (node.Engine == EngineKind.Ollama)
        {
            return OllamaAdapter.ParseTags(await http.GetStringAsync(new Uri(node.BaseUrl, "api/tags"), ct));
        }

        return ParseModels(await http.GetStringAsync(new Uri(node.BaseUrl, "v1/models"), ct));
    }

    /// <summary>Ids in an OpenAI <c>/v1/models</c> list.</summary>
    public static IReadOnlyList<string> ParseModels(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var ids = new List<string>();
        if (doc.RootElement.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Array)
        {
            foreach (var model in data.EnumerateArray())
            {
                if (model.TryGetProperty("id", out var id) && id.GetString() is { Length: > 0 } text)
                {
                    ids.Add(text);
                }
            }
        }

        return ids;
    }
}
