using GatoLink.Grains.Abstractions.Quotas;

namespace GatoLink.Grains.Abstractions.Alerts;

/// <summary>The alert rules of keys and tenants.</summary>
public interface IAlertRuleStore
{
    /// <summary>The rules of one key or tenant, or null when it has none of its own (the defaults apply).</summary>
    Task<AlertRules?> GetAsync(LimitScope scope, Guid id, CancellationToken ct);

    /// <summary>Sets the rules of one key or tenant.</summary>
    Task PutAsync(LimitScope scope, Guid id, AlertRules rules, DateTimeOffset at, CancellationToken ct);
}
