using GatoLink.Grains.Abstractions.Alerts;
using GatoLink.Grains.Abstractions.Quotas;

namespace GatoLink.Grains.Tests.Alerts;

/// <summary>An outbox and rule store in memory: stores each event id once, as the real one does.</summary>
internal sealed class RecordingOutbox(AlertRules rules) : IOutbox, IAlertRuleStore
{
    private readonly Dictionary<Guid, OutboxEvent> _events = [];

    public IReadOnlyCollection<OutboxEvent> Events => _events.Values;

    public Task<bool> EnqueueAsync(OutboxEvent e, CancellationToken ct) => Task.FromResult(_events.TryAdd(e.EventId, e));

    public Task<AlertRules?> GetAsync(LimitScope scope, Guid id, CancellationToken ct) => Task.FromResult<AlertRules?>(rules);

    public Task PutAsync(LimitScope scope, Guid id, AlertRules rules, DateTimeOffset at, CancellationToken ct) => Task.CompletedTask;
}
