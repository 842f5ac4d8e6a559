using GatoLink.Grains.Abstractions.Model;
using GatoLink.PerSilo.Tenants;
using GatoLink.PerSilo.Models;

namespace GatoLink.PerSilo.Plans;

/// <summary>
/// The price a tenant pays for a model now: its plan's own price of the model when the plan has one, else the model's
/// price in force. Read from this silo's directories only (no database, no grain call): it prices admission
/// reservations and the ledger's rows on the hot path.
/// </summary>
public sealed class TenantPrices
{
    private readonly TenantDirectory _tenants;
    private readonly PlanDirectory _plans;

    /// <summary>Creates the pricing.</summary>
    public TenantPrices(TenantDirectory tenants, PlanDirectory plans)
    {
        _tenants = tenants;
        _plans = plans;
    }

    /// <summary>
    /// The price of <paramref name="model"/> for <paramref name="tenantId"/> at <paramref name="at"/>; null when neither
    /// prices it. A plan prices tokens only: a cache hit keeps the model's per-hit price.
    /// </summary>
    public ModelPrice? At(Guid tenantId, ModelRoute model, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(model);
        var listed = model.Prices.At(at);
        return _tenants.Get(tenantId)?.Record.Billing?.Plan is { } name && _plans.Get(name)?.PriceOf(model.Name) is { } own
            ? own with { CacheHitMicros = listed?.CacheHitMicros ?? 0 }
            : listed;
    }
}
