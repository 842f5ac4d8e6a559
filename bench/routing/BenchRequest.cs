namespace GatoLink.Bench.Routing;

/// <summary>One request of a run: when it is due and what it sends.</summary>
/// <param name="DueAt">Offset from the run's start (real time).</param>
/// <param name="Body">The JSON body.</param>
/// <param name="MaxTokens">Output tokens it asks for.</param>
public sealed record BenchRequest(TimeSpan DueAt, string Body, int MaxTokens);
