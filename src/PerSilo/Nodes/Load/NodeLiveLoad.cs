namespace GatoLink.PerSilo.Nodes.Load;

/// <summary>
/// A node's load as placement sees it at one instant: the last fresh scrape plus what this silo sent
/// since, or this silo's counts alone when the scrape is stale or the engine reports nothing.
/// </summary>
/// <param name="Queue">Requests waiting on the node (scraped) plus requests this silo dispatched since the scrape.</param>
/// <param name="Running">Requests running on the node (scraped), or this silo's in flight when not fresh.</param>
/// <param name="KvUsage">KV-cache use 0..1 as last scraped; NaN when unknown.</param>
/// <param name="Fresh">True when a scrape younger than the staleness limit backs the figures.</param>
/// <param name="FreeSlots">
/// Running slots free now (the node's batch size as seen when it last queued, less what runs and what this silo sent since);
/// +∞ when the node was never seen full, so its batch size is unknown.
/// </param>
/// <param name="EndedSinceScrape">
/// How many more of the cluster's requests on the node ended than were sent since the scrape: each freed its KV blocks,
/// which the scraped <paramref name="KvUsage"/> does not show yet.
/// </param>
public readonly record struct NodeLiveLoad(double Queue, double Running, double KvUsage, bool Fresh, double FreeSlots = double.PositiveInfinity, int EndedSinceScrape = 0);
