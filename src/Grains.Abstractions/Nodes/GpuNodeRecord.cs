namespace GatoLink.Grains.Abstractions.Nodes;

/// <summary>The registry entry of one inference server, as stored.</summary>
/// <param name="Id">Stable id (slug or GUID text).</param>
/// <param name="BaseUrl">Root URL of the server, without <c>/v1</c>.</param>
/// <param name="Engine">What kind of server it is.</param>
/// <param name="Models">Model names it serves; empty means discover from <c>/v1/models</c>.</param>
/// <param name="VramGb">Total VRAM, used by engines that report VRAM in bytes (Ollama).</param>
/// <param name="Labels">Free-form labels (zone, gpu kind, …).</param>
/// <param name="Draining">A draining node gets no new requests.</param>
/// <param name="CreatedAt">When it was registered.</param>
/// <param name="GpuHourPriceMicros">What an hour of the node's GPU time costs, in micro-USD; null: not priced.</param>
/// <param name="External">
/// An external provider (a hosted API billed per token) rather than one of the operator's own servers: placement never
/// chooses it first, only as overflow or fallback along a model's chain (see <c>OverflowPolicy</c>).
/// </param>
/// <param name="ProtectedCredential">
/// The node's API key as ciphertext of ASP.NET Core Data Protection (<see cref="INodeCredentials"/> reads it in clear
/// on a silo); null: the node takes no key. Never shown, logged or audited.
/// </param>
/// <param name="Prices">What a provider charges per model (micro-USD per million tokens), for the ledger's provider cost.</param>
/// <param name="NativeApis">Client APIs the node serves itself (see <see cref="NodeApi"/>); null or empty: chat and completions only.</param>
public sealed record GpuNodeRecord(
    string Id,
    Uri BaseUrl,
    EngineKind Engine,
    IReadOnlyList<string> Models,
    double VramGb,
    IReadOnlyDictionary<string, string> Labels,
    bool Draining,
    DateTimeOffset CreatedAt,
    long? GpuHourPriceMicros = null,
    bool External = false,
    string? ProtectedCredential = null,
    IReadOnlyList<ProviderPrice>? Prices = null,
    IReadOnlyList<NodeApi>? NativeApis = null)
{
    /// <summary>Whether the node serves <paramref name="api"/> itself.</summary>
    public bool Serves(NodeApi api) => NativeApis is { } apis && apis.Contains(api);

    /// <summary>The provider's price of <paramref name="model"/>, or null when it has none.</summary>
    public ProviderPrice? PriceOf(string model)
    {
        if (Prices is not { } prices)
        {
            return null;
        }

        for (var i = 0; i < prices.Count; i++)
        {
            if (string.Equals(prices[i].Model, model, StringComparison.Ordinal))
            {
                return prices[i];
            }
        }

        return null;
    }
}
