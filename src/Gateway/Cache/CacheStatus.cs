namespace GatoLink.Gateway.Cache;

/// <summary>What the response cache did with a request; every /v1 answer says it in <c>x-gatolink-cache</c>.</summary>
public enum CacheStatus
{
    /// <summary>The tenant's (or key's) policy has no cache.</summary>
    Off,

    /// <summary>Not looked up: the client sent <c>x-gatolink-cache: bypass</c>, or the request is not cacheable under the policy (a sampled output, a semantic-only shape).</summary>
    Bypass,

    /// <summary>Looked up and not found: the node answers, and a normally finished answer is stored.</summary>
    Miss,

    /// <summary>Answered from the cache; no node saw the request.</summary>
    Hit,
}
