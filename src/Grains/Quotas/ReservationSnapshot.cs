namespace GatoLink.Grains.Quotas;

/// <summary>One open reservation of a <see cref="LimiterSnapshot"/>; its settlement may reach the next activation.</summary>
/// <param name="Id">The id the caller settles with.</param>
/// <param name="At">When it was made (reservations too old are forgotten, see <see cref="ReservationTimer"/>).</param>
/// <param name="Linked">The tenant grain's reservation for the same request, or empty.</param>
/// <param name="PromptTokens">Estimated prompt tokens reserved.</param>
/// <param name="MaxTokens">The effective max_tokens.</param>
/// <param name="RequestedMaxTokens">max_tokens as asked.</param>
/// <param name="Items">Every amount reserved.</param>
[GenerateSerializer]
[Alias("gatolink.reservation-snapshot")]
public sealed record ReservationSnapshot(
    Guid Id,
    DateTimeOffset At,
    Guid Linked,
    long PromptTokens,
    long MaxTokens,
    long RequestedMaxTokens,
    ReservedAmount[] Items);
