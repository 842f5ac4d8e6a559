using System.Globalization;

namespace GatoLink.Silo.Ledger;

/// <summary>
/// The fixed time-to-first-token buckets of a daily rollup row. Twelve buckets keep a rollup row small and
/// still give percentiles within one bucket's width, which is what a dashboard needs; exact percentiles
/// would mean scanning raw events, which the analytics API never does.
/// </summary>
public static class TtftHistogram
{
    /// <summary>Upper bounds (exclusive, ms) of buckets 0..10; bucket 11 is everything above the last.</summary>
    public static readonly double[] UpperBoundsMs = [50, 100, 200, 300, 500, 750, 1000, 1500, 2000, 3000, 5000];

    /// <summary>Number of buckets (columns <c>ttft_h00</c>..<c>ttft_h11</c>).</summary>
    public const int BucketCount = 12;

    /// <summary>The column of bucket <paramref name="index"/>.</summary>
    public static string Column(int index) => $"ttft_h{index:00}";

    /// <summary>The SQL condition on <c>ttft_ms</c> of bucket <paramref name="index"/> (the same text for both databases).</summary>
    public static string Condition(int index)
    {
        var lower = index == 0 ? null : (double?)UpperBoundsMs[index - 1];
        var upper = index < UpperBoundsMs.Length ? (double?)UpperBoundsMs[index] : null;
        return (lower, upper) switch
        {
            (null, { } u) => $"ttft_ms < {u.ToString(CultureInfo.InvariantCulture)}",
            ({ } l, { } u) => $"ttft_ms >= {l.ToString(CultureInfo.InvariantCulture)} AND ttft_ms < {u.ToString(CultureInfo.InvariantCulture)}",
            ({ } l, null) => $"ttft_ms >= {l.ToString(CultureInfo.InvariantCulture)}",
            _ => throw new InvalidOperationException("A bucket needs a bound."),
        };
    }

    /// <summary>The bucket a time falls in.</summary>
    public static int BucketOf(double ms)
    {
        for (var i = 0; i < UpperBoundsMs.Length; i++)
        {
            if (ms < UpperBoundsMs[i])
            {
                return i;
            }
        }

        return BucketCount - 1;
    }

    /// <summary>
    /// The <paramref name="quantile"/> (0..1) of the counts, interpolated linearly inside its bucket; the open
    /// last bucket answers its lower bound. Null when there are no counts.
    /// </summary>
    public static double? Percentile(ReadOnlySpan<long> counts, double quantile)
    {
        long total = 0;
        foreach (var c in counts)
        {
            total += c;
        }

        if (total == 0)
        {
            return null;
        }

        var rank = quantile * total;
        long seen = 0;
        for (var i = 0; i < counts.Length; i++)
        {
            if (counts[i] == 0)
            {
                continue;
            }

            if (seen + counts[i] >= rank)
            {
                var lower = i == 0 ? 0 : UpperBoundsMs[i - 1];
                if (i >= UpperBoundsMs.Length)
                {
                    return lower;
                }

                var fraction = (rank - seen) / counts[i];
                return lower + (fraction * (UpperBoundsMs[i] - lower));
            }

            seen += counts[i];
        }

        return UpperBoundsMs[^1];
    }
}
