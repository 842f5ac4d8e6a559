namespace GatoLink.Gateway.Cache;

/// <summary>A tenant's prefix-cache namespace: the <c>cache_salt</c> sent to vLLM and the seed of prefix affinity.</summary>
/// <param name="Text">The salt as sent to the node.</param>
/// <param name="PrefixSeed">The same secret as a 64-bit seed for the placement's prefix hashes (never 0).</param>
public sealed record KvSalt(string Text, ulong PrefixSeed);
