namespace GatoLink.Grains.Quotas;

/// <summary>Admitted with a <see cref="Reservation"/>, or refused with a <see cref="LimitRefusal"/>.</summary>
public sealed record AdmissionDecision
{
    private AdmissionDecision(Reservation? reservation, LimitRefusal? refusal)
    {
        Reservation = reservation;
        Refusal = refusal;
    }

    /// <summary>Set when admitted: settle it when the request ends.</summary>
    public Reservation? Reservation { get; }

    /// <summary>Set when refused.</summary>
    public LimitRefusal? Refusal { get; }

    /// <summary>Whether the request may go on.</summary>
    public bool IsAdmitted => Reservation is not null;

    /// <summary>max_tokens to send upstream (capped near a cost budget's end); 0 when refused.</summary>
    public long EffectiveMaxTokens => Reservation?.MaxTokens ?? 0;

    internal static AdmissionDecision Admit(Reservation reservation) => new(reservation, null);

    internal static AdmissionDecision Refuse(LimitRefusal refusal) => new(null, refusal);
}
