using GatoLink.Grains.Abstractions.Errors;
using Orleans.Concurrency;

namespace GatoLink.Grains.Abstractions.Quotas;

/// <summary>The answer of a key grain: a reservation (perhaps with a lower max_tokens) or a refusal.</summary>
/// <param name="ReservationId">Settle with this id; empty when refused.</param>
/// <param name="MaxTokens">max_tokens to send upstream: a budget near its end may lower it.</param>
/// <param name="Capped">Whether <paramref name="MaxTokens"/> is lower than asked.</param>
/// <param name="Refusal">Why not (429 with Retry-After), or null when admitted.</param>
/// <param name="Headers">The <c>x-ratelimit-*</c> headers after this decision.</param>
/// <param name="TenantReservationId">
/// The tenant grain's reservation for the same request (empty when the tenant was not asked): the settlement names it,
/// so the tenant's share settles even when the key grain that linked them is no longer the one that settles.
/// </param>
[GenerateSerializer]
[Immutable]
[Alias("gatolink.admit-result")]
public sealed record AdmitResult(Guid ReservationId, long MaxTokens, bool Capped, GatoError? Refusal, KeyValuePair<string, string>[] Headers, Guid TenantReservationId = default)
{
    /// <summary>Whether the request may run.</summary>
    public bool Admitted => Refusal is null;
}
