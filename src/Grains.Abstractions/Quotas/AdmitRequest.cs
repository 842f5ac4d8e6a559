using GatoLink.Grains.Abstractions.Model;
using Orleans.Concurrency;

namespace GatoLink.Grains.Abstractions.Quotas;

/// <summary>What one request asks a key (and its tenant) to reserve before it runs.</summary>
/// <param name="PromptTokens">Prompt tokens to reserve (the estimate with its margin).</param>
/// <param name="MaxTokens">Output tokens asked for (the model's default when the request named none).</param>
/// <param name="Price">The model's price now, for the cost budgets.</param>
/// <param name="TenantLimited">Whether the key's tenant has limits, so that the key grain asks the tenant grain too.</param>
/// <param name="ReservationId">
/// The reservation's id, chosen by the caller so that the call can be sent again: an admission whose id is already
/// open answers as the first one did, without reserving twice (the key's and the tenant's reservations share it).
/// Empty: the grain picks one.
/// </param>
/// <param name="Silo">
/// The silo that runs the request (null when unknown): a concurrency slot it holds comes back when the cluster declares
/// that silo dead, since it will never settle.
/// </param>
[GenerateSerializer]
[Immutable]
[Alias("gatolink.admit-request")]
public sealed record AdmitRequest(long PromptTokens, long MaxTokens, ModelPrice Price, bool TenantLimited, Guid ReservationId = default, SiloAddress? Silo = null);
