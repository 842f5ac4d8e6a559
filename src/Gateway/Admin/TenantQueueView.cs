using GatoLink.Grains.Abstractions.Models;

namespace GatoLink.Gateway.Admin;

/// <summary>One tenant in a model's wait queue.</summary>
/// <param name="TenantId">The tenant.</param>
/// <param name="TenantName">Its name (null when the silo does not know it).</param>
/// <param name="Interactive">Its interactive requests waiting.</param>
/// <param name="Batch">Its batch requests waiting.</param>
/// <param name="OldestWaitSeconds">How long its oldest waiting request has waited.</param>
/// <param name="QueuedWork">GPU work of its waiting requests (prompt + expected output tokens).</param>
/// <param name="Weight">Its weight.</param>
/// <param name="ServedShare">Its share of the GPU work the queue served lately (0..1).</param>
public sealed record TenantQueueView(Guid TenantId, string? TenantName, int Interactive, int Batch, double OldestWaitSeconds, long QueuedWork, int Weight, double ServedShare)
{
    /// <summary>Maps the grain's reading, naming the tenant from <paramref name="name"/>.</summary>
    public static TenantQueueView From(TenantQueue t, string? name)
    {
        ArgumentNullException.ThrowIfNull(t);
        return new(t.TenantId, name, t.Interactive, t.Batch, t.OldestWaitSeconds, t.QueuedWork, t.Weight, t.ServedShare);
    }
}
