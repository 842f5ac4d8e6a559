using GatoLink.Gateway.Admin.Validation;
using GatoLink.Grains.Abstractions.Alerts;

namespace GatoLink.Gateway.Admin;

/// <summary>
/// Body of <c>PUT /admin/keys/{id}/alerts</c> and <c>PUT /admin/tenants/{id}/alerts</c>: the budget thresholds in
/// percent (1 to 100, at most 10; absent: 50, 80, 100) and the spend anomaly factor (null or absent: off).
/// </summary>
public sealed record AlertRulesRequest(IReadOnlyList<int>? Thresholds, double? AnomalyFactor) : IAdminRequest<AlertRulesRequest>
{
    /// <inheritdoc />
    public FieldError? Validate(DateTimeOffset now)
    {
        if (Thresholds is { } thresholds)
        {
            if (thresholds.Count is 0 or > 10)
            {
                return new("thresholds", "'thresholds' must hold 1 to 10 percentages.");
            }

            if (thresholds.FirstOrDefault(t => t is < 1 or > 100) is var bad && bad != 0)
            {
                return new("thresholds", $"Threshold {bad} is not a percentage from 1 to 100.");
            }

            if (thresholds.Distinct().Count() != thresholds.Count)
            {
                return new("thresholds", "'thresholds' must not repeat a percentage.");
            }
        }

        return FieldRules.Range(AnomalyFactor, "anomaly_factor", 1.1, 1000);
    }

    /// <summary>The rules asked for.</summary>
    public AlertRules ToRules() => new(Thresholds is { } t ? [.. t.Order()] : AlertRules.Default.Thresholds, AnomalyFactor);
}
