namespace GatoLink.Grains.Abstractions.Quotas;

/// <summary>What an admitted request really used over all its attempts; replaces the reservation's estimate.</summary>
/// <param name="ReservationId">The reservation being settled.</param>
/// <param name="PromptTokens">Prompt tokens billed.</param>
/// <param name="CompletionTokens">Completion tokens billed.</param>
/// <param name="CostMicros">Cost billed, micro-dollars.</param>
[GenerateSerializer]
[Alias("gatolink.settlement")]
public sealed record Settlement(Guid ReservationId, long PromptTokens, long CompletionTokens, long CostMicros);
