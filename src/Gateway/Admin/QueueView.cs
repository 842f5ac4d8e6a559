namespace GatoLink.Gateway.Admin;

/// <summary>A model's cluster-wide wait queue as <c>GET /admin/models/{name}/queue</c> shows it.</summary>
/// <param name="Model">The canonical model name.</param>
/// <param name="Length">Requests waiting, the one at the head included.</param>
/// <param name="WaitP95Seconds">The p95 of the waits of the last minute.</param>
/// <param name="Tenants">The queue by tenant, the most waiting work first.</param>
public sealed record QueueView(string Model, int Length, double WaitP95Seconds, IReadOnlyList<TenantQueueView> Tenants);
