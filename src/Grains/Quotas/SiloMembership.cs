namespace GatoLink.Grains.Quotas;

/// <summary>
/// This silo's identity for leases and how many silos are alive (for the fair share); the count is kept
/// up to date by the silo's heartbeat loop.
/// </summary>
public sealed class SiloMembership
{
    private int _liveSilos = 1;

    /// <summary>A membership of one until the heartbeat says otherwise.</summary>
    public SiloMembership(string siloId)
    {
        ArgumentException.ThrowIfNullOrEmpty(siloId);
        SiloId = siloId;
    }

    /// <summary>Unique per silo process (two silos on one machine differ).</summary>
    public string SiloId { get; }

    /// <summary>Silos alive now, at least 1.</summary>
    public int LiveSilos => Volatile.Read(ref _liveSilos);

    /// <summary>Sets the live count from the heartbeat.</summary>
    public void SetLiveSilos(int count) => Volatile.Write(ref _liveSilos, Math.Max(1, count));
}
