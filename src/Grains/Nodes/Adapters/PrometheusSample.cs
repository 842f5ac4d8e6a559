namespace GatoLink.Grains.Nodes.Adapters;

/// <summary>One sample line of a Prometheus text exposition.</summary>
/// <param name="Name">Metric name (with any _bucket/_sum/_count suffix).</param>
/// <param name="Labels">Label pairs.</param>
/// <param name="Value">Sample value.</param>
public sealed record PrometheusSample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);
