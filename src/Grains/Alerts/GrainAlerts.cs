using System.Data.Common;
using GatoLink.Grains.Abstractions.Alerts;
using GatoLink.Grains.Abstractions.Quotas;
using Microsoft.Extensions.Logging;

namespace GatoLink.Grains.Alerts;

/// <summary>
/// The alerts of one key's or tenant's grain: after each settlement, the budget thresholds crossed (each once per
/// window) and, for a key, the spend anomaly, stored in the outbox. A failed store is logged and the crossing raised
/// again on a later settlement; a settlement never fails for an alert.
/// </summary>
public sealed partial class GrainAlerts
{
    private readonly LimitScope _scope;
    private readonly Guid _id;
    private readonly AlertServices _services;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ThresholdCrossings _crossings;
    private readonly HourlySpend? _spend;
    private AlertRules _rules = AlertRules.Default;

    /// <summary>Creates the alerts of a key or tenant.</summary>
    public GrainAlerts(LimitScope scope, Guid id, Guid tenantId, AlertServices services, TimeProvider time, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(services);
        _scope = scope;
        _id = id;
        _services = services;
        _time = time;
        _logger = logger;
        _crossings = new ThresholdCrossings(scope, id, tenantId);
        _spend = scope == LimitScope.Key ? new HourlySpend(id, tenantId) : null;
    }

    /// <summary>Reads the rules (on activation and when an admin changes them).</summary>
    public async Task LoadAsync(CancellationToken ct) =>
        _rules = await _services.Rules.GetAsync(_scope, _id, ct) ?? AlertRules.Default;

    /// <summary>Raises what the settlement of <paramref name="costMicros"/> made the <paramref name="readings"/> cross.</summary>
    public async Task AfterSettleAsync(long costMicros, LimitReading[] readings)
    {
        var now = _time.GetUtcNow();
        foreach (var (e, mark) in _crossings.Check(_rules.Thresholds, readings, now))
        {
            if (!await RaiseAsync(e))
            {
                _crossings.Forget(mark);
            }
        }

        if (_spend?.Add(costMicros, now, _rules.AnomalyFactor) is { } anomaly)
        {
            await RaiseAsync(anomaly);
        }
    }

    private async Task<bool> RaiseAsync(OutboxEvent e)
    {
        try
        {
            var stored = await _services.Outbox.EnqueueAsync(e, CancellationToken.None);
            LogRaised(_logger, OutboxEventKinds.ToText(e.Kind), e.EventId, stored);
            return true;
        }
        catch (DbException ex)
        {
            LogNotStored(_logger, ex, OutboxEventKinds.ToText(e.Kind), e.EventId);
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Alert {Kind} {EventId} raised (new: {Stored})")]
    private static partial void LogRaised(ILogger logger, string kind, Guid eventId, bool stored);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Alert {Kind} {EventId} could not be stored; it is raised again on a later settlement")]
    private static partial void LogNotStored(ILogger logger, Exception exception, string kind, Guid eventId);
}
