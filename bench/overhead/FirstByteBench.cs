using System.Diagnostics;
using System.Globalization;
using GatoLink.Bench.Failover;

namespace GatoLink.Bench.Overhead;

/// <summary>
/// Added first-byte latency of streaming chat through each target, against the first target (NodeSim directly).
/// Per prompt size: every target is warmed for a minimum time and until three consecutive windows' medians agree within
/// 10% (bounded); then the targets take turns in short blocks, the order rotating, so drift on a shared machine hits
/// them alike, until each has sent its requests.
/// </summary>
public sealed class FirstByteBench(FirstByteOptions options, FirstByteProbe probe, ChatBodies bodies)
{
    private const double Agreement = 0.10;

    /// <summary>Runs every prompt size and prints its report; 1 when any request failed.</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var failed = false;
        var minimum = options.WarmupMin;
        foreach (var size in options.PromptBytes)
        {
            foreach (var target in options.Targets)
            {
                await WarmUpAsync(target, size, minimum, cancellationToken).ConfigureAwait(false);
            }

            // The code is warm after the first size; later sizes only wait for their windows to agree.
            minimum = TimeSpan.Zero;

            var samples = options.Targets.Select(t => new TargetSamples(t)).ToArray();
            var turns = (options.Requests + options.BlockSize - 1) / options.BlockSize;
            for (var turn = 0; turn < turns; turn++)
            {
                var count = Math.Min(options.BlockSize, options.Requests - (turn * options.BlockSize));
                for (var i = 0; i < samples.Length; i++)
                {
                    // The order rotates each turn: no target always follows the same one.
                    var next = samples[(i + turn) % samples.Length];
                    await RunBlockAsync(next, size, count, cancellationToken).ConfigureAwait(false);
                }
            }

            FirstByteReport.Print(options, size, samples);
            failed |= samples.Any(s => s.Errors.Count > 0);
        }

        return failed ? 1 : 0;
    }

    private async Task WarmUpAsync(BenchTarget target, int size, TimeSpan minimum, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var medians = new List<double>();
        while (true)
        {
            var window = new TargetSamples(target);
            await RunBlockAsync(window, size, options.WarmupWindow, cancellationToken).ConfigureAwait(false);
            medians.Add(Percentiles.Of([.. window.Milliseconds], 50));
            var lastThree = medians.TakeLast(3).ToArray();
            var agree = lastThree.Length == 3 && clock.Elapsed >= minimum && lastThree.Max() - lastThree.Min() <= Agreement * lastThree.Max();
            if (agree || clock.Elapsed >= options.WarmupMax)
            {
                Console.WriteLine(
                    $"warm-up {target.Name}: {medians.Count} windows of {options.WarmupWindow} in {clock.Elapsed.TotalSeconds:F1} s, " +
                    $"last medians {string.Join(" / ", lastThree.Select(m => m.ToString("F3", CultureInfo.InvariantCulture)))} ms" +
                    (agree ? "" : $" (did NOT agree within 10% in {options.WarmupMax.TotalSeconds:F0} s)"));
                return;
            }
        }
    }

    private async Task RunBlockAsync(TargetSamples into, int size, int count, CancellationToken cancellationToken)
    {
        var remaining = count;
        var workers = Enumerable.Range(0, Math.Min(options.Concurrency, count)).Select(async _ =>
        {
            while (Interlocked.Decrement(ref remaining) >= 0)
            {
                var body = bodies.Create(size);
                into.Add(await probe.SendAsync(into.Target, body, cancellationToken).ConfigureAwait(false));
            }
        });
        await Task.WhenAll(workers).ConfigureAwait(false);
    }
}
