namespace GatoLink.Bench.Overhead;

/// <summary>One request's outcome: milliseconds from sending to the end of the first SSE data line, or why there was none.</summary>
public readonly record struct FirstByteSample(double? Milliseconds, string? Error)
{
    /// <summary>A request whose first data line arrived.</summary>
    public static FirstByteSample Of(TimeSpan elapsed) => new(elapsed.TotalMilliseconds, null);

    /// <summary>A request that failed (status, no data line, exception).</summary>
    public static FirstByteSample Failed(string error) => new(null, error);
}
