using GatoLink.Grains.Abstractions.Alerts;

namespace GatoLink.Grains.Alerts;

/// <summary>What a key's or tenant's grain needs to raise alerts: the rules and the outbox (absent: alerts are off).</summary>
public sealed class AlertServices(IAlertRuleStore rules, IOutbox outbox)
{
    /// <summary>The rules of keys and tenants.</summary>
    public IAlertRuleStore Rules { get; } = rules;

    /// <summary>Where alerts go: webhooks and the audit log.</summary>
    public IOutbox Outbox { get; } = outbox;
}
