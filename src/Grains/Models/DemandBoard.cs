namespace GatoLink.Grains.Models;

/// <summary>Each silo's last report of a model's interactive demand, and their sum over the silos that reported lately.</summary>
public sealed class DemandBoard
{
    /// <summary>A silo that has not reported for this long (it left, or lost its way to the grain) counts no more.</summary>
    public static readonly TimeSpan FreshFor = TimeSpan.FromSeconds(5);

    private readonly Dictionary<string, (double Mean, long At)> _silos = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;

    /// <summary>Creates an empty board.</summary>
    public DemandBoard(TimeProvider time) => _time = time;

    /// <summary>Silos whose report counts.</summary>
    public int Silos => _silos.Count;

    /// <summary>Records <paramref name="silo"/>'s mean (negative or not a number: 0); returns the sum of the fresh reports, forgetting stale ones.</summary>
    public double Report(string silo, double mean)
    {
        ArgumentException.ThrowIfNullOrEmpty(silo);
        var now = _time.GetTimestamp();
        _silos[silo] = (double.IsFinite(mean) ? Math.Max(0, mean) : 0, now);
        var sum = 0.0;
        List<string>? stale = null;
        foreach (var (name, (value, at)) in _silos)
        {
            if (_time.GetElapsedTime(at, now) > FreshFor)
            {
                (stale ??= []).Add(name);
                continue;
            }

            sum += value;
        }

        stale?.ForEach(name => _silos.Remove(name));
        return sum;
    }
}
