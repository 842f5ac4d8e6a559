using GatoLink.Bench.Failover;

namespace GatoLink.Bench.Overhead;

/// <summary>Prints one prompt size's first-byte figures: per target its percentiles, what it adds to the reference
/// (the first target: NodeSim directly) at p50 and p99, and the p50 of each quarter of its requests (the spread says
/// whether the run was steady).</summary>
public static class FirstByteReport
{
    private const int Quarters = 4;

    /// <summary>Writes the table to standard output.</summary>
    public static void Print(FirstByteOptions options, int promptBytes, IReadOnlyList<TargetSamples> samples)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(samples);
        var prompt = promptBytes == 0 ? "short prompt" : $"prompt {promptBytes / 1024.0:0.#} KB random text";
        Console.WriteLine(
            $"first byte (end of the first SSE data line), streaming chat, {prompt}, concurrency {options.Concurrency}, " +
            $"{options.Requests} requests per target in turns of {Math.Min(options.BlockSize, options.Requests)}");
        Console.WriteLine($"{"target",-20} {"n",6} {"err",4} {"p50 ms",8} {"p90 ms",8} {"p99 ms",8} {"max ms",8} {"+p50 ms",8} {"+p99 ms",8}  quarter p50s (spread)");
        var reference = samples[0].Milliseconds;
        var refP50 = Percentiles.Of([.. reference], 50);
        var refP99 = Percentiles.Of([.. reference], 99);
        foreach (var target in samples)
        {
            var ms = target.Milliseconds;
            var p50 = Percentiles.Of([.. ms], 50);
            var p99 = Percentiles.Of([.. ms], 99);
            var quarters = QuarterMedians(ms);
            var spread = quarters.Length == 0 ? double.NaN : (quarters.Max() - quarters.Min()) / quarters.Average();
            Console.WriteLine(
                $"{target.Target.Name,-20} {ms.Count,6} {target.Errors.Values.Sum(),4} {p50,8:F3} {Percentiles.Of([.. ms], 90),8:F3} {p99,8:F3} " +
                $"{(ms.Count == 0 ? double.NaN : ms.Max()),8:F3} {p50 - refP50,8:F3} {p99 - refP99,8:F3}  " +
                $"{string.Join(" ", quarters.Select(q => q.ToString("F3", System.Globalization.CultureInfo.InvariantCulture)))} ({100 * spread:F0}%)");
            foreach (var (error, count) in target.Errors)
            {
                Console.WriteLine($"  {target.Target.Name} failed: {error} x{count}");
            }
        }

        Console.WriteLine();
    }

    private static double[] QuarterMedians(IReadOnlyList<double> ms)
    {
        if (ms.Count < Quarters)
        {
            return [];
        }

        var size = ms.Count / Quarters;
        return Enumerable.Range(0, Quarters).Select(q => Percentiles.Of([.. ms.Skip(q * size).Take(size)], 50)).ToArray();
    }
}
