namespace GatoLink.Grains.Abstractions.Usage;

/// <summary>One attempt of one request that reached a node: the unit the ledger bills.</summary>
/// <param name="EventId">Unique; the ledger is idempotent on it.</param>
/// <param name="RequestId">The client request (several attempts share it).</param>
/// <param name="Attempt">1 for the first node tried, 2 for the next, …</param>
/// <param name="TenantId">Tenant billed.</param>
/// <param name="ApiKeyId">Key billed.</param>
/// <param name="Model">Canonical model name.</param>
/// <param name="NodeId">Node that served the attempt.</param>
/// <param name="PromptTokens">From the node's usage, or estimated when it never came.</param>
/// <param name="CompletionTokens">From the node's usage, or the tokens actually forwarded.</param>
/// <param name="CostMicros">Cost at the price in force at <paramref name="Timestamp"/>.</param>
/// <param name="Status">How it ended.</param>
/// <param name="HttpStatus">Status the node answered (0 when none).</param>
/// <param name="TimeToFirstTokenMs">Null when no token came.</param>
/// <param name="DurationMs">From dispatch to the end of the attempt.</param>
/// <param name="SiloId">Silo that served it.</param>
/// <param name="Timestamp">When the attempt ended.</param>
/// <param name="CacheHit">Answered from the response cache: no node tokens, the model's cache price (0).</param>
/// <param name="QueuedMs">Time the request waited for a node (the model's queue) before this attempt; 0 when none.</param>
/// <param name="Tags">Attribution tags (key → value, at most ten); null when none.</param>
/// <param name="GpuMs">The attempt's share of its node's busy time, in milliseconds (see <c>GpuShareClock</c>).</param>
/// <param name="GpuCostMicros">That share at the node's price per GPU-hour when it has one, else 0.</param>
/// <param name="SavedTokens">On a cache hit: the cached answer's prompt + completion tokens, which no node used; else 0.</param>
/// <param name="SavedCostMicros">On a cache hit: those tokens at the model's price, what the hit saved; else 0.</param>
/// <param name="ProviderCostMicros">
/// On an external provider (<paramref name="NodeId"/> names it): what it charges for the attempt's tokens at its price
/// of the model, what the operator pays it (beside <paramref name="CostMicros"/>, what the tenant is billed); else 0.
/// </param>
[GenerateSerializer]
[Alias("gatolink.usage-event")]
public sealed record UsageEvent(
    Guid EventId,
    string RequestId,
    int Attempt,
    Guid TenantId,
    Guid ApiKeyId,
    string Model,
    string NodeId,
    int PromptTokens,
    int CompletionTokens,
    long CostMicros,
    UsageStatus Status,
    int HttpStatus,
    double? TimeToFirstTokenMs,
    double DurationMs,
    string SiloId,
    DateTimeOffset Timestamp,
    bool CacheHit = false,
    double QueuedMs = 0,
    IReadOnlyDictionary<string, string>? Tags = null,
    double GpuMs = 0,
    long GpuCostMicros = 0,
    long SavedTokens = 0,
    long SavedCostMicros = 0,
    long ProviderCostMicros = 0);
