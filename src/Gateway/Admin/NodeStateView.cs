using GatoLink.Grains.Abstractions.Nodes;
using GatoLink.Grains.Placement;
using GatoLink.PerSilo.Nodes;

namespace GatoLink.Gateway.Admin;

/// <summary>
/// A node as <c>GET /admin/nodes</c> shows it: registry fields and live state. Of its API key only whether it has one
/// (<c>has_credential</c>): never the key, nor its ciphertext.
/// </summary>
public sealed record NodeStateView(
    string Id,
    string BaseUrl,
    EngineKind Engine,
    IReadOnlyList<string> Models,
    bool ModelsDiscovered,
    double VramGb,
    IReadOnlyDictionary<string, string> Labels,
    bool Draining,
    int InFlight,
    long InFlightTokens,
    string Circuit,
    NodeLoadView Load,
    DateTimeOffset CreatedAt,
    decimal? GpuHourPriceUsd,
    bool External,
    bool HasCredential,
    IReadOnlyList<ProviderPriceBody> Prices,
    IReadOnlyList<NodeApi> NativeApis)
{
    /// <summary>Maps a node replica.</summary>
    public static NodeStateView From(NodeReplica n, PlacementOptions placement) => new(
        n.Id, n.Record.BaseUrl.ToString(), n.Record.Engine, n.Models, n.Record.Models.Count == 0, n.Record.VramGb, n.Record.Labels,
        n.Record.Draining, n.ClusterInFlight, n.ClusterInFlightTokens, n.Circuit.ToString().ToLowerInvariant(), NodeLoadView.From(n, placement), n.Record.CreatedAt,
        Money.ToUsd(n.Record.GpuHourPriceMicros), n.Record.External, n.Record.ProtectedCredential is not null,
        n.Record.Prices?.Select(ProviderPriceBody.From).ToList() ?? [], n.Record.NativeApis ?? []);
}
