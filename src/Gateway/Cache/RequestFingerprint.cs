namespace GatoLink.Gateway.Cache;

/// <summary>What the cache reads from a request body (see <see cref="ExactKey"/>).</summary>
/// <param name="Key">The exact entry key, under the tenant.</param>
/// <param name="Sampled">Whether the output is sampled (cached only when the policy allows).</param>
/// <param name="Partition">The semantic partition: tenant, model and every parameter but the messages.</param>
/// <param name="Question">The question of a single-turn chat without tools (what semantic lookup embeds); null otherwise.</param>
public sealed record RequestFingerprint(string Key, bool Sampled, string Partition, string? Question);
