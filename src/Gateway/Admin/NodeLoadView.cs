using GatoLink.Grains.Placement;
using GatoLink.PerSilo.Placement;
using GatoLink.PerSilo.Nodes;

namespace GatoLink.Gateway.Admin;

/// <summary>What the last scrape of a node said, how old it is, and whether placement trusts it.</summary>
public sealed record NodeLoadView(
    string State,
    double? AgeMs,
    double? Waiting,
    double? Running,
    double? KvCacheUsage,
    long? KvCapacityTokens,
    double? PrefixCacheHitRate,
    int ScrapeFailures,
    bool Saturated)
{
    /// <summary>Maps a node replica's load.</summary>
    public static NodeLoadView From(NodeReplica n, PlacementOptions placement)
    {
        var s = n.LastSample;
        double? hitRate = s is { PrefixQueryTokens: > 0, PrefixHitTokens: { } hits } ? hits / s.PrefixQueryTokens.Value : null;
        var live = n.LiveLoad(placement.StaleAfter);
        return new NodeLoadView(
            n.LoadState(placement.StaleAfter).ToString().ToLowerInvariant(),
            n.SampleAge?.TotalMilliseconds,
            s?.Waiting,
            s?.Running,
            s?.KvUsage,
            s?.KvCapacityTokens,
            hitRate,
            n.ScrapeFailures,
            Saturation.IsSaturated(live, placement));
    }
}
