namespace GatoLink.Grains.Quotas;

/// <summary>How key and tenant grains forget reservations whose settlement never came (checked on admission).</summary>
public static class ReservationTimer
{
    /// <summary>How often a grain looks, at most.</summary>
    public static readonly TimeSpan Period = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Longer than any request may run (streams included): a reservation this old lost its silo. What it reserved
    /// stays counted.
    /// </summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(30);
}
