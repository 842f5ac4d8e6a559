using GatoLink.Grains.Nodes;

namespace GatoLink.PerSilo.Nodes;

/// <summary>
/// This silo's circuit breaker for one node, fed by this silo's upstream outcomes: closed; open for a cool-down that
/// doubles with each opening (capped); then half-open, letting one probe through whose outcome closes or reopens it.
/// The cluster's circuit (from the node's grain) is kept apart, by <see cref="NodeReplica"/>.
/// </summary>
public sealed class SiloCircuit
{
    private readonly TimeProvider _time;
    private readonly NodeHealthOptions _health;
    private readonly Lock _lock = new();
    private int _consecutiveFailures;
    private int _openCount;
    private long _openUntil;
    private bool _probeInFlight;
    private CircuitState _state = CircuitState.Closed;

    /// <summary>Creates a closed circuit.</summary>
    public SiloCircuit(TimeProvider time, NodeHealthOptions health)
    {
        _time = time;
        _health = health;
    }

    /// <summary>The state now (an open circuit whose cool-down is over is half-open).</summary>
    public CircuitState State
    {
        get
        {
            lock (_lock)
            {
                return CurrentLocked();
            }
        }
    }

    /// <summary>Whether a request may go: closed, or half-open with no probe out yet.</summary>
    public bool AllowsRequest
    {
        get
        {
            lock (_lock)
            {
                var state = CurrentLocked();
                return state == CircuitState.Closed || (state == CircuitState.HalfOpen && !_probeInFlight);
            }
        }
    }

    /// <summary>A request went to the node: when half-open, it is the probe.</summary>
    public void Sent()
    {
        lock (_lock)
        {
            if (CurrentLocked() == CircuitState.HalfOpen)
            {
                _probeInFlight = true;
            }
        }
    }

    /// <summary>The node answered well: closes the circuit.</summary>
    public void Succeeded()
    {
        lock (_lock)
        {
            _consecutiveFailures = 0;
            _openCount = 0;
            _probeInFlight = false;
            _state = CircuitState.Closed;
        }
    }

    /// <summary>The node failed: a failed probe, or <see cref="NodeHealthOptions.FailuresToOpen"/> in a row, opens the circuit with backoff.</summary>
    public void Failed()
    {
        lock (_lock)
        {
            var state = CurrentLocked();
            _consecutiveFailures++;
            if (state == CircuitState.HalfOpen || _consecutiveFailures >= _health.FailuresToOpen)
            {
                _openCount++;
                var backoff = _health.Cooldown * Math.Pow(2, Math.Min(_openCount - 1, 6));
                var capped = backoff > _health.MaxCooldown ? _health.MaxCooldown : backoff;
                _openUntil = _time.GetTimestamp() + (long)(capped.TotalSeconds * _time.TimestampFrequency);
                _state = CircuitState.Open;
                _probeInFlight = false;
            }
        }
    }

    private CircuitState CurrentLocked()
    {
        if (_state == CircuitState.Open && _time.GetTimestamp() >= _openUntil)
        {
            _state = CircuitState.HalfOpen;
        }

        return _state;
    }
}
