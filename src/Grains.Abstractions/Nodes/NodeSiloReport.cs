namespace GatoLink.Grains.Abstractions.Nodes;

/// <summary>What one silo has on a node right now, sent with each sync.</summary>
/// <param name="SiloId">The reporting silo (unique per process lifetime).</param>
/// <param name="InFlight">Its requests in flight to the node.</param>
/// <param name="InFlightTokens">Their prompt + allowed output tokens not yet reflected in the node's KV use.</param>
/// <param name="Failures">Upstream failures on the node (connect error, 5xx, 429, timeout) since the last report.</param>
/// <param name="Successes">Good answers from the node since the last report.</param>
[GenerateSerializer]
[Alias("gatolink.node-silo-report")]
public sealed record NodeSiloReport(string SiloId, int InFlight, long InFlightTokens, int Failures = 0, int Successes = 0);
