namespace GatoLink.Grains.Abstractions.Nodes;

/// <summary>What one scrape of a node's own metrics said. Null fields were not reported by that engine.</summary>
/// <param name="Waiting">Requests queued in the engine.</param>
/// <param name="Running">Requests in the engine's running batch.</param>
/// <param name="KvUsage">KV-cache (or VRAM) use, 0..1.</param>
/// <param name="KvCapacityTokens">Tokens the KV cache holds (blocks × block size), sizes the prefix index.</param>
/// <param name="PrefixQueryTokens">Prefix-cache queried tokens, a counter.</param>
/// <param name="PrefixHitTokens">Prefix-cache hit tokens, a counter.</param>
[GenerateSerializer]
[Alias("gatolink.node-load-sample")]
public sealed record NodeLoadSample(
    double? Waiting,
    double? Running,
    double? KvUsage,
    long? KvCapacityTokens = null,
    double? PrefixQueryTokens = null,
    double? PrefixHitTokens = null);
