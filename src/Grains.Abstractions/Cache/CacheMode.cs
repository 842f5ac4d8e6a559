namespace GatoLink.Grains.Abstractions.Cache;

/// <summary>How a tenant's or key's requests use the response cache, from least to most permissive.</summary>
public enum CacheMode
{
    /// <summary>No cache: every request goes to a node.</summary>
    Off = 0,

    /// <summary>A hit needs the same canonical request (messages and every parameter that changes the output).</summary>
    Exact = 1,

    /// <summary>Exact, and else the nearest earlier single-turn question of the same tenant and model above the similarity threshold.</summary>
    Semantic = 2,
}
