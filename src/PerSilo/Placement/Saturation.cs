using GatoLink.PerSilo.Nodes.Load;
using GatoLink.Grains.Placement;

namespace GatoLink.PerSilo.Placement;

/// <summary>The saturation filter: a node whose fresh load shows a queue or a full KV cache takes no new work while another can.</summary>
public static class Saturation
{
    /// <summary>
    /// True when <paramref name="load"/> is at or past either threshold. Stale or unknown load never saturates. A full KV
    /// cache stops saturating once a request ended on the node since the scrape (its blocks are free now), for one request
    /// per request ended: the node takes the next request on the completion's pulse, not a scrape later.
    /// </summary>
    public static bool IsSaturated(in NodeLiveLoad load, PlacementOptions options) =>
        load.Fresh && (load.Queue >= options.QueueThreshold || (!double.IsNaN(load.KvUsage) && load.KvUsage >= options.KvThreshold && load.EndedSinceScrape == 0));

    /// <summary>
    /// For a batch request while interactive ones are about (<paramref name="headroom"/> set): the node is saturated
    /// as soon as anything queues on it or no more than <paramref name="headroom"/> of its running slots are free, so
    /// batch work waits in the model's fair queue, where interactive requests overtake it, instead of in the node's
    /// own first-come queue, and an interactive request finds a slot free. Otherwise as <see cref="IsSaturated(in NodeLiveLoad, PlacementOptions)"/>.
    /// </summary>
    public static bool IsSaturated(in NodeLiveLoad load, PlacementOptions options, int? headroom) =>
        IsSaturated(load, options) || (headroom is { } reserve && load.Fresh && (load.Queue >= 1 || load.FreeSlots <= reserve));
}
