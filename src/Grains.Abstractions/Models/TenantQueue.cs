namespace GatoLink.Grains.Abstractions.Models;

/// <summary>One tenant in a model's wait queue now.</summary>
/// <param name="TenantId">The tenant.</param>
/// <param name="Interactive">Its interactive requests waiting (the one at the head included).</param>
/// <param name="Batch">Its batch requests waiting (the one at the head included).</param>
/// <param name="OldestWaitSeconds">How long its oldest waiting request has waited.</param>
/// <param name="QueuedWork">GPU work of its waiting requests (prompt + expected output tokens).</param>
/// <param name="Weight">Its weight, as its newest request claimed it.</param>
/// <param name="ServedShare">Its share of the GPU work the queue served lately (0..1).</param>
[GenerateSerializer]
[Alias("gatolink.tenant-queue")]
public sealed record TenantQueue(
    [property: Id(0)] Guid TenantId,
    [property: Id(1)] int Interactive,
    [property: Id(2)] int Batch,
    [property: Id(3)] double OldestWaitSeconds,
    [property: Id(4)] long QueuedWork,
    [property: Id(5)] int Weight,
    [property: Id(6)] double ServedShare);
