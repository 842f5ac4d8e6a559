using GatoLink.Grains.Abstractions.Alerts;

namespace GatoLink.Gateway.Admin;

/// <summary>Alert rules as the admin API shows them; <c>is_default</c> when the key or tenant has none of its own.</summary>
public sealed record AlertRulesView(string Scope, Guid Id, IReadOnlyList<int> Thresholds, double? AnomalyFactor, bool IsDefault)
{
    /// <summary>Maps stored rules (null: the defaults).</summary>
    public static AlertRulesView From(string scope, Guid id, AlertRules? rules) =>
        new(scope, id, (rules ?? AlertRules.Default).Thresholds, rules?.AnomalyFactor, rules is null);
}
