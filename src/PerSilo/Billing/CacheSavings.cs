namespace GatoLink.PerSilo.Billing;

/// <summary>What the response cache saved in a range: its hits, the node tokens they did not use, and what those would have cost.</summary>
/// <param name="Hits">Requests answered from the cache.</param>
/// <param name="SavedTokens">Prompt + completion tokens of the cached answers.</param>
/// <param name="SavedCostMicros">Those tokens at the model's price when each hit happened, micro-dollars.</param>
public readonly record struct CacheSavings(long Hits, long SavedTokens, long SavedCostMicros);
