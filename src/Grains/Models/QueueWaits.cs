namespace GatoLink.Grains.Models;

/// <summary>
/// The waits of the requests that left a model's queue over the last <see cref="Window"/> (at most
/// <see cref="Capacity"/> of them, the newest kept), for the queue-wait p95 the scaling signal reads. Owned by the
/// model's grain, so single-threaded.
/// </summary>
public sealed class QueueWaits
{
    /// <summary>How far back the p95 looks.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    /// <summary>Most waits kept.</summary>
    public const int Capacity = 4096;

    private readonly Queue<(long At, double Seconds)> _waits = new();
    private readonly TimeProvider _time;

    /// <summary>Creates an empty record on the grain's clock.</summary>
    public QueueWaits(TimeProvider time) => _time = time;

    /// <summary>Records one request's wait.</summary>
    public void Add(TimeSpan waited)
    {
        _waits.Enqueue((_time.GetTimestamp(), waited.TotalSeconds));
        if (_waits.Count > Capacity)
        {
            _waits.Dequeue();
        }
    }

    /// <summary>The 95th percentile (nearest rank) of the waits within the window; 0 when there are none.</summary>
    public double P95Seconds()
    {
        while (_waits.Count > 0 && _time.GetElapsedTime(_waits.Peek().At) > Window)
        {
            _waits.Dequeue();
        }

        if (_waits.Count == 0)
        {
            return 0;
        }

        var sorted = _waits.Select(w => w.Seconds).Order().ToArray();
        return sorted[(int)Math.Ceiling(sorted.Length * 0.95) - 1];
    }
}
