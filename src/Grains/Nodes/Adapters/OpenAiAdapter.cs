using GatoLink.Grains.Abstractions.Nodes;

namespace GatoLink.Grains.Nodes.Adapters;

/// <summary>A plain OpenAI-compatible server exposes no load: placement uses this silo's in-flight counts.</summary>
public sealed class OpenAiAdapter : IEngineAdapter
{
    /// <inheritdoc />
    public EngineKind Engine => EngineKind.OpenAi;

    /// <inheritdoc />
    public Task<NodeLoadSample?> ScrapeAsync(HttpClient http, GpuNodeRecord node, CancellationToken ct) =>
        Task.FromResult<NodeLoadSample?>(null);
}
