using GatoLink.Grains.Abstractions.Nodes;

namespace GatoLink.Grains.Nodes.Adapters;

/// <summary>The adapter of each engine kind.</summary>
public sealed class EngineAdapters
{
    private readonly Dictionary<EngineKind, IEngineAdapter> _byKind;

    /// <summary>Indexes the given adapters by engine.</summary>
    public EngineAdapters(IEnumerable<IEngineAdapter> adapters) => _byKind = adapters.ToDictionary(a => a.Engine);

    /// <summary>The built-in adapters.</summary>
    public static EngineAdapters Default { get; } = new([new VllmAdapter(), new OllamaAdapter(), new TgiAdapter(), new LlamaCppAdapter(), new OpenAiAdapter()]);

    /// <summary>The adapter of <paramref name="engine"/> (plain OpenAI when none is registered).</summary>
    public IEngineAdapter For(EngineKind engine) => _byKind.TryGetValue(engine, out var a) ? a : _byKind[EngineKind.OpenAi];
}
