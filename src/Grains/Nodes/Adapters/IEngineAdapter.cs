using GatoLink.Grains.Abstractions.Nodes;

namespace GatoLink.Grains.Nodes.Adapters;

/// <summary>Reads one engine kind's live load from its own endpoints.</summary>
public interface IEngineAdapter
{
    /// <summary>The engine it reads.</summary>
    EngineKind Engine { get; }

    /// <summary>
    /// One scrape, or null when the engine exposes no load (placement then uses in-flight counts).
    /// Throws <see cref="HttpRequestException"/> or <see cref="FormatException"/> when the node cannot be read.
    /// </summary>
    Task<NodeLoadSample?> ScrapeAsync(HttpClient http, GpuNodeRecord node, CancellationToken ct);
}
