namespace GatoLink.Grains.Quotas;

/// <summary>A reservation waiting for its settlement: its id, what it holds, and when it was made.</summary>
internal sealed record OpenReservation(Guid Id, Reservation Reservation, DateTimeOffset At);
