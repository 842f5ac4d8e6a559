namespace GatoLink.NodeSim;

/// <summary>Prometheus-style cumulative histogram with fixed upper bounds, in seconds.</summary>
internal sealed class Histogram(double[] upperBounds)
{
    // vLLM's buckets (vllm/v1/metrics/loggers.py).
    public static readonly double[] TtftBuckets =
        [0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0, 20.0, 40.0, 80.0, 160.0, 640.0, 2560.0];

    public static readonly double[] E2eBuckets =
        [0.3, 0.5, 0.8, 1.0, 1.5, 2.0, 2.5, 5.0, 10.0, 15.0, 20.0, 30.0, 40.0, 50.0, 60.0, 120.0, 240.0, 480.0, 960.0, 1920.0, 7680.0];

    private readonly Lock _gate = new();
    private readonly long[] _counts = new long[upperBounds.Length];
    private double _sum;
    private long _count;

    public IReadOnlyList<double> UpperBounds { get; } = upperBounds;

    public void Observe(double seconds)
    {
        var index = Array.BinarySearch(upperBounds, seconds);
        if (index < 0)
        {
            index = ~index;
        }

        lock (_gate)
        {
            if (index < _counts.Length)
            {
                _counts[index]++;
            }

            _sum += seconds;
            _count++;
        }
    }

    /// <summary>Cumulative counts per bound, the sum and the total count, read consistently.</summary>
    public (long[] Cumulative, double Sum, long Count) Snapshot()
    {
        lock (_gate)
        {
            var cumulative = new long[_counts.Length];
            long running = 0;
            for (var i = 0; i < _counts.Length; i++)
            {
                running += _counts[i];
                cumulative[i] = running;
            }

            return (cumulative, _sum, _count);
        }
    }
}
