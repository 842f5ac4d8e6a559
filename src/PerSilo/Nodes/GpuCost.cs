namespace GatoLink.PerSilo.Nodes;

/// <summary>GPU time at a node's price per GPU-hour, in whole micro-USD.</summary>
public static class GpuCost
{
    private const double MillisecondsPerHour = 3_600_000;

    /// <summary>The cost of <paramref name="gpuMs"/> at <paramref name="pricePerHourMicros"/>; 0 when the node has no price.</summary>
    public static long Micros(double gpuMs, long? pricePerHourMicros) =>
        pricePerHourMicros is { } price && gpuMs > 0 ? (long)Math.Round(gpuMs * price / MillisecondsPerHour, MidpointRounding.AwayFromZero) : 0;
}
