using GatoLink.Grains.Abstractions.Models;

namespace GatoLink.Grains.Models;

/// <summary>A waiter in a fair queue with what it claimed and when it arrived (ties go to the earlier).</summary>
/// <param name="Item">The waiter's ticket.</param>
/// <param name="Claim">Its claim.</param>
/// <param name="Arrival">Its arrival number in the queue.</param>
public sealed record QueueEntry(Guid Item, QueueClaim Claim, long Arrival);
