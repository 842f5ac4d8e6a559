using GatoLink.PerSilo.Telemetry;

namespace GatoLink.Grains.Tests.Telemetry;

internal sealed class FakeBudgetMetricsSource : IBudgetMetricsSource
{
    public List<TenantBudgetSnapshot> Budgets { get; } = [];

    public IReadOnlyList<TenantBudgetSnapshot> GetBudgetSnapshots() => Budgets.ToArray();
}
