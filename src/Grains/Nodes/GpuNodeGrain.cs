using GatoLink.Grains.Abstractions.Nodes;

namespace GatoLink.Grains.Nodes;

/// <summary>
/// One inference server as this silo sees it: the registry record, this silo's requests in
/// flight to it, and a circuit breaker fed by upstream outcomes.
/// </summary>
public sealed class GpuNodeGrain
{
    private readonly TimeProvider _time;
    private readonly NodeHealthOptions _health;
    private readonly Lock _circuitLock = new();
    private GpuNodeRecord _record;
    private IReadOnlyList<string> _models;
    private int _inFlight;
    private int _consecutiveFailures;
    private int _openCount;
    private long _openUntil;
    private bool _probeInFlight;
    private CircuitState _circuit = CircuitState.Closed;

    /// <summary>Activates the grain.</summary>
    public GpuNodeGrain(GpuNodeRecord record, TimeProvider time, NodeHealthOptions health)
    {
        _record = record;
        _models = record.Models;
        _time = time;
        _health = health;
    }

    /// <summary>The registry record.</summary>
    public GpuNodeRecord Record => Volatile.Read(ref _record);

    /// <summary>Node id.</summary>
    public string Id => Record.Id;

    /// <summary>Models served: configured, or discovered from the node when none were configured.</summary>
    public IReadOnlyList<string> Models => Volatile.Read(ref _models);

    /// <summary>This silo's requests in flight to the node.</summary>
    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>The circuit breaker's state now.</summary>
    public CircuitState Circuit
    {
        get
        {
            lock (_circuitLock)
            {
                return CurrentCircuitLocked();
            }
        }
    }

    /// <summary>Replaces the record after an admin change.</summary>
    public void Update(GpuNodeRecord record)
    {
        Volatile.Write(ref _record, record);
        if (record.Models.Count > 0)
        {
            Volatile.Write(ref _models, record.Models);
        }
    }

    /// <summary>Records the models a node reported, used when none were configured.</summary>
    public void SetDiscoveredModels(IReadOnlyList<string> models)
    {
        if (Record.Models.Count == 0)
        {
            Volatile.Write(ref _models, models);
        }
    }

    /// <summary>True when the node serves <paramref name="model"/>.</summary>
    public bool Serves(string model)
    {
        var models = Models;
        for (var i = 0; i < models.Count; i++)
        {
            if (string.Equals(models[i], model, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether a new request may be sent now (closed circuit, or the one half-open probe).</summary>
    public bool IsAvailable
    {
        get
        {
            lock (_circuitLock)
            {
                var state = CurrentCircuitLocked();
                return state == CircuitState.Closed || (state == CircuitState.HalfOpen && !_probeInFlight);
            }
        }
    }

    /// <summary>Counts a request sent to the node; dispose the result when it ends.</summary>
    public NodeDispatch Dispatch()
    {
        Interlocked.Increment(ref _inFlight);
        lock (_circuitLock)
        {
            if (CurrentCircuitLocked() == CircuitState.HalfOpen)
            {
                _probeInFlight = true;
            }
        }

        return new NodeDispatch(this);
    }

    internal void Release() => Interlocked.Decrement(ref _inFlight);

    /// <summary>The node answered well: closes the circuit.</summary>
    public void ReportSuccess()
    {
        lock (_circuitLock)
        {
            _consecutiveFailures = 0;
            _openCount = 0;
            _probeInFlight = false;
            _circuit = CircuitState.Closed;
        }
    }

    /// <summary>The node failed (connect error, 5xx, 429, timeout): may open the circuit with backoff.</summary>
    public void ReportFailure()
    {
        lock (_circuitLock)
        {
            var state = CurrentCircuitLocked();
            _consecutiveFailures++;
            if (state == CircuitState.HalfOpen || _consecutiveFailures >= _health.FailuresToOpen)
            {
                _openCount++;
                var backoff = _health.Cooldown * Math.Pow(2, Math.Min(_openCount - 1, 6));
                var capped = backoff > _health.MaxCooldown ? _health.MaxCooldown : backoff;
                _openUntil = _time.GetTimestamp() + (long)(capped.TotalSeconds * _time.TimestampFrequency);
                _circuit = CircuitState.Open;
                _probeInFlight = false;
            }
        }
    }

    private CircuitState CurrentCircuitLocked()
    {
        if (_circuit == CircuitState.Open && _time.GetTimestamp() >= _openUntil)
        {
            _circuit = CircuitState.HalfOpen;
        }

        return _circuit;
    }
}
