namespace GatoLink.Grains.Nodes;

/// <summary>
/// The cluster's circuit breaker of one node, fed by every silo's upstream outcomes as they sync: failures in a row
/// (across silos) open it with exponential backoff; any good answer closes it. Each silo also keeps its own breaker for
/// what it sees between syncs. Single-threaded: the node grain's turn.
/// </summary>
public sealed class ClusterCircuit
{
    private readonly NodeHealthOptions _health;
    private readonly TimeProvider _time;
    private int _consecutiveFailures;
    private int _openCount;
    private long _openUntil;

    /// <summary>Creates a closed circuit.</summary>
    public ClusterCircuit(NodeHealthOptions health, TimeProvider time)
    {
        _health = health;
        _time = time;
    }

    /// <summary>Books one silo's outcomes since its last sync.</summary>
    public void Report(int failures, int successes)
    {
        if (successes > 0)
        {
            _consecutiveFailures = 0;
            _openCount = 0;
            _openUntil = 0;
            return;
        }

        if (failures <= 0)
        {
            return;
        }

        _consecutiveFailures += failures;
        if (_consecutiveFailures >= _health.FailuresToOpen && OpenFor == TimeSpan.Zero)
        {
            _openCount++;
            var backoff = _health.Cooldown * Math.Pow(2, Math.Min(_openCount - 1, 6));
            var capped = backoff > _health.MaxCooldown ? _health.MaxCooldown : backoff;
            _openUntil = _time.GetTimestamp() + (long)(capped.TotalSeconds * _time.TimestampFrequency);
            _consecutiveFailures = 0;
        }
    }

    /// <summary>How long the node stays out; zero when the circuit is closed or its cooldown is over (a probe may go).</summary>
    public TimeSpan OpenFor
    {
        get
        {
            var left = _openUntil - _time.GetTimestamp();
            return left <= 0 ? TimeSpan.Zero : TimeSpan.FromSeconds((double)left / _time.TimestampFrequency);
        }
    }
}
