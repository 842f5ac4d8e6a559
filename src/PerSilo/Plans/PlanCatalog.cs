using GatoLink.Grains.Abstractions.Plans;
using GatoLink.Grains.Abstractions.Quotas;
using Microsoft.Extensions.Logging;
using GatoLink.PerSilo.Tenants;
using GatoLink.PerSilo.Control;

namespace GatoLink.PerSilo.Plans;

/// <summary>
/// Plans: reads, and the writes that change what tenants may use. A changed plan takes effect at once: the grain of
/// every tenant on it reloads its limits (the tenant's own narrowed by the plan's new ones).
/// </summary>
public sealed partial class PlanCatalog
{
    private static readonly TimeSpan RefreshTimeout = TimeSpan.FromSeconds(5);

    private readonly IPlanStore _plans;
    private readonly TenantDirectory _tenants;
    private readonly IGrainFactory _grains;
    private readonly ControlPlane _control;
    private readonly TimeProvider _time;
    private readonly ILogger<PlanCatalog> _logger;

    /// <summary>Creates the catalog.</summary>
    public PlanCatalog(IPlanStore plans, TenantDirectory tenants, IGrainFactory grains, ControlPlane control, TimeProvider time, ILogger<PlanCatalog> logger)
    {
        _control = control;
        _plans = plans;
        _tenants = tenants;
        _grains = grains;
        _time = time;
        _logger = logger;
    }

    /// <summary>The plan, or null.</summary>
    public Task<PlanRecord?> GetAsync(string name, CancellationToken ct) => _plans.GetAsync(name, ct);

    /// <summary>Every plan, by name.</summary>
    public Task<IReadOnlyList<PlanRecord>> ListAsync(CancellationToken ct) => _plans.ListAsync(ct);

    /// <summary>Stores a new plan (every silo learns it); a taken name throws <see cref="Abstractions.Storage.DuplicateEntityException"/>.</summary>
    public async Task CreateAsync(PlanRecord plan, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(plan);
        await _plans.CreateAsync(plan, ct);
        await _control.PlanWrittenAsync(plan);
    }

    /// <summary>Writes the next version of a plan and applies it to its tenants; false when someone else changed it first.</summary>
    public async Task<bool> UpdateAsync(PlanRecord next, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(next);
        if (!await _plans.UpdateAsync(next, ct))
        {
            return false;
        }

        // Every silo prices its tenants' requests by the new version from now on.
        await _control.PlanWrittenAsync(next);

        foreach (var tenant in _tenants.All.Where(t => t.Record.Billing?.Plan == next.Name))
        {
            try
            {
                await _grains.GetGrain<ITenantGrain>(tenant.Id).Refresh().WaitAsync(RefreshTimeout, _time, ct);
            }
            catch (Exception ex) when (ex is OrleansException or TimeoutException)
            {
                // The grain keeps the old limits until it activates again (it reads the plan then).
                LogRefreshFailed(_logger, ex, tenant.Id, next.Name);
            }
        }

        return true;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Tenant {TenantId} did not reload the limits of plan {Plan} after its change")]
    private static partial void LogRefreshFailed(ILogger logger, Exception exception, Guid tenantId, string plan);
}
