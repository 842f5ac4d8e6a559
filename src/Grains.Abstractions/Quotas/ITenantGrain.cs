namespace GatoLink.Grains.Abstractions.Quotas;

/// <summary>The authority for one tenant's limits and budgets, shared by all its keys (key: the tenant id).</summary>
[Alias("gatolink.tenant-grain")]
public interface ITenantGrain : IGrainWithGuidKey, ILimitedGrain;
