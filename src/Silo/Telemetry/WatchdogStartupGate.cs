namespace GatoLink.Silo.Telemetry;

/// <summary>Closed while the host starts; see <see cref="WatchdogStartupFilter"/>.</summary>
public sealed class WatchdogStartupGate
{
    private volatile bool _open;

    /// <summary>True once the host has started.</summary>
    public bool IsOpen => _open;

    /// <summary>Opens the gate.</summary>
    public void Open() => _open = true;
}
