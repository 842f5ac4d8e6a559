using GatoLink.Grains.Nodes.Load;

namespace GatoLink.Grains.Placement;

/// <summary>The saturation filter: a node whose fresh load shows a queue or a full KV cache takes no new work while another can.</summary>
public static class Saturation
{
    /// <summary>True when <paramref name="load"/> is at or past either threshold. Stale or unknown load never saturates.</summary>
    public static bool IsSaturated(in NodeLiveLoad load, PlacementOptions options) =>
        load.Fresh && (load.Queue >= options.QueueThreshold || (!double.IsNaN(load.KvUsage) && load.KvUsage >= options.KvThreshold));
}
