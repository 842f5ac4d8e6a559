using GatoLink.Grains.Abstractions.Keys;
using Orleans.Concurrency;

namespace GatoLink.Grains.Abstractions.Models;

/// <summary>
/// What a waiting request claims of a model's saturated GPUs: whose it is, its class, its tenant's weight and
/// guaranteed share, and the GPU work it will take (prompt tokens + expected output tokens).
/// </summary>
/// <param name="TenantId">The tenant whose share it draws on.</param>
/// <param name="Class">Interactive requests go before batch ones.</param>
/// <param name="Weight">The tenant's weight, at least 1.</param>
/// <param name="GuaranteedShare">The fraction of the served GPU work guaranteed to the tenant while it waits; null: none.</param>
/// <param name="Work">Prompt tokens + expected output tokens.</param>
[GenerateSerializer]
[Immutable]
[Alias("gatolink.queue-claim")]
public sealed record QueueClaim(
    [property: Id(0)] Guid TenantId,
    [property: Id(1)] PriorityClass Class,
    [property: Id(2)] int Weight,
    [property: Id(3)] double? GuaranteedShare,
    [property: Id(4)] long Work)
{
    /// <summary>A request nobody claimed (tests, callers without a tenant): interactive, weight 1, one unit of work.</summary>
    public static QueueClaim Anonymous { get; } = new(Guid.Empty, PriorityClass.Interactive, 1, null, 1);
}
