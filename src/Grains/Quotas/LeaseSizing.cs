namespace GatoLink.Grains.Quotas;

/// <summary>How big a lease slice is: the silo's own recent rate, capped at its fair share of what remains.</summary>
public static class LeaseSizing
{
    /// <summary>
    /// The fair share of one silo: remaining ÷ (2 × live silos), so slices shrink as the quota nears its end
    /// and half of it always stays central for the others. The last few units (where that rounds to 0) are
    /// granted one at a time, so that the quota can be spent to the very end.
    /// </summary>
    public static long FairShare(long centralRemaining, int liveSilos)
    {
        if (centralRemaining <= 0)
        {
            return 0;
        }

        return Math.Max(1, centralRemaining / (2L * Math.Max(1, liveSilos)));
    }

    /// <summary>What the store grants: the wanted amount, never more than the fair share.</summary>
    public static long Grant(long wanted, long centralRemaining, int liveSilos) =>
        Math.Max(0, Math.Min(wanted, FairShare(centralRemaining, liveSilos)));

    /// <summary>
    /// What a silo asks for: enough for <paramref name="horizon"/> at its recent rate (<paramref name="minimum"/>
    /// while the rate is unknown), at least what the waiting request needs and at least what was used since the
    /// last refill (a burst inside one clock tick has no measurable rate but is still demand).
    /// </summary>
    public static long Wanted(double unitsPerSecond, TimeSpan horizon, long need, long usedSinceLastRefill, long minimum)
    {
        var forecast = unitsPerSecond <= 0 || double.IsNaN(unitsPerSecond)
            ? 0
            : (long)Math.Min(long.MaxValue / 2, Math.Ceiling(unitsPerSecond * horizon.TotalSeconds));
        return Math.Max(Math.Max(need, minimum), Math.Max(forecast, usedSinceLastRefill));
    }

    /// <summary>Exponentially weighted moving average of the consumption rate.</summary>
    public static double Ewma(double previous, double sample, double alpha) =>
        double.IsNaN(previous) ? sample : alpha * sample + (1 - alpha) * previous;
}
