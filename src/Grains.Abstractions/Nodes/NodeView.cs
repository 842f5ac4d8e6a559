namespace GatoLink.Grains.Abstractions.Nodes;

/// <summary>A node as its grain sees it, for a silo's replica.</summary>
/// <param name="Sample">The last good scrape, or null.</param>
/// <param name="SampleNumber">Grows with each good scrape, so a silo applies a sample once.</param>
/// <param name="SampleAge">Age of that scrape when this view was made.</param>
/// <param name="ScrapeFailures">Failed scrapes in a row.</param>
/// <param name="OthersInFlight">Requests the other silos have in flight to the node.</param>
/// <param name="OthersInFlightTokens">Their tokens.</param>
/// <param name="OthersInFlightAtScrape">What the other silos had in flight when the last good scrape ended.</param>
/// <param name="DiscoveredModels">Models the node reported, when none were configured.</param>
/// <param name="CircuitOpenFor">How long the cluster's circuit breaker keeps the node out (zero: closed).</param>
[GenerateSerializer]
[Alias("gatolink.node-view")]
public sealed record NodeView(
    NodeLoadSample? Sample,
    long SampleNumber,
    TimeSpan SampleAge,
    int ScrapeFailures,
    int OthersInFlight,
    long OthersInFlightTokens,
    int OthersInFlightAtScrape,
    string[] DiscoveredModels,
    TimeSpan CircuitOpenFor = default);
