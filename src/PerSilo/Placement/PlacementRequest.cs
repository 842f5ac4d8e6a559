using GatoLink.Grains.Abstractions.Models;

namespace GatoLink.PerSilo.Placement;

/// <summary>What placement knows of a request.</summary>
/// <param name="Model">Canonical model name.</param>
/// <param name="PromptTokens">Estimated prompt tokens.</param>
/// <param name="MaxTokens">Tokens the request may generate.</param>
/// <param name="Prompt">
/// The raw JSON bytes of the prompt (the <c>messages</c>, <c>prompt</c> or <c>input</c> value) as the
/// client sent them: identical prefixes have identical bytes, which is what prefix affinity needs.
/// </param>
/// <param name="PrefixSeed">
/// The prefix-cache namespace of the request (from its tenant's <c>cache_salt</c>), 0 when none: prefix affinity keys
/// on (namespace, prefix), as the node's prefix cache does.
/// </param>
/// <param name="Claim">
/// Its tenant, class, weight and guarantee for the fair order of the model's queue when every node is saturated; null:
/// an anonymous interactive request.
/// </param>
public sealed record PlacementRequest(string Model, int PromptTokens, int MaxTokens, ReadOnlyMemory<byte> Prompt, ulong PrefixSeed = 0, QueueClaim? Claim = null)
{
    /// <summary>The claim in the queue, its work the prompt tokens and the tokens it may generate.</summary>
    public QueueClaim QueueClaim => Claim ?? QueueClaim.Anonymous with { Work = Math.Max(1L, (long)PromptTokens + MaxTokens) };
}
