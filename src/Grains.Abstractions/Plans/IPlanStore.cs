namespace GatoLink.Grains.Abstractions.Plans;

/// <summary>Durable plans.</summary>
public interface IPlanStore
{
    /// <summary>Inserts a new plan (version 1); a taken name throws <see cref="Storage.DuplicateEntityException"/>.</summary>
    Task CreateAsync(PlanRecord plan, CancellationToken ct);

    /// <summary>The plan, or null.</summary>
    Task<PlanRecord?> GetAsync(string name, CancellationToken ct);

    /// <summary>All plans, by name.</summary>
    Task<IReadOnlyList<PlanRecord>> ListAsync(CancellationToken ct);

    /// <summary>Writes <paramref name="plan"/> as the next version if the stored one is <paramref name="plan"/>.Version − 1; false otherwise.</summary>
    Task<bool> UpdateAsync(PlanRecord plan, CancellationToken ct);

    /// <summary>The tenant's plan periods (written with the tenant's plan by <see cref="Storage.ITenantStore"/>) that overlap [<paramref name="from"/>, <paramref name="to"/>): the one in force at <paramref name="from"/> first.</summary>
    Task<IReadOnlyList<PlanPeriod>> PeriodsAsync(Guid tenantId, DateTimeOffset from, DateTimeOffset to, CancellationToken ct);
}
