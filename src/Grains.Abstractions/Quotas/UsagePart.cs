using Orleans.Concurrency;

namespace GatoLink.Grains.Abstractions.Quotas;

/// <summary>
/// The usage of one attempt of a request, as its usage event carries it to the ledger: when it was recorded and what it
/// cost. A settlement lists its parts so that a key or tenant grain counts exactly the parts its ledger seed did not.
/// </summary>
/// <param name="At">The usage event's timestamp (when the attempt ended, on the clock of the silo that served it).</param>
/// <param name="PromptTokens">Prompt tokens billed.</param>
/// <param name="CompletionTokens">Completion tokens billed.</param>
/// <param name="CostMicros">Cost billed, micro-dollars.</param>
[GenerateSerializer]
[Immutable]
[Alias("gatolink.usage-part")]
public sealed record UsagePart(DateTimeOffset At, long PromptTokens, long CompletionTokens, long CostMicros);
