using System.Collections.Concurrent;

namespace GatoLink.Bench.Overhead;

/// <summary>First-byte times of one target, in the order they completed, and its failures by kind.</summary>
public sealed class TargetSamples(BenchTarget target)
{
    private readonly ConcurrentQueue<double> _milliseconds = new();
    private readonly ConcurrentDictionary<string, int> _errors = new();

    /// <summary>The target these samples belong to.</summary>
    public BenchTarget Target { get; } = target;

    /// <summary>Successful first-byte times (ms), in completion order.</summary>
    public IReadOnlyList<double> Milliseconds => [.. _milliseconds];

    /// <summary>Failures by kind (status, no data line, transport error).</summary>
    public IReadOnlyDictionary<string, int> Errors => _errors;

    /// <summary>Records one request's outcome.</summary>
    public void Add(FirstByteSample sample)
    {
        if (sample.Milliseconds is { } ms)
        {
            _milliseconds.Enqueue(ms);
        }
        else
        {
            _errors.AddOrUpdate(sample.Error ?? "unknown", 1, (_, n) => n + 1);
        }
    }
}
