using System.Collections.Concurrent;
using GatoLink.Grains.Abstractions.Keys;
using GatoLink.Grains.Abstractions.Model;
using GatoLink.Grains.Keys;
using GatoLink.Grains.Models;
using GatoLink.Grains.Tenants;
using Microsoft.Extensions.Logging;

namespace GatoLink.Grains.Quotas;

/// <summary>
/// Rate limits and budgets of keys and tenants, held across silos by leasing slices of the central quota
/// rows (<see cref="IQuotaLeaseStore"/>). The hot path reads the key's and tenant's current limits from their
/// grains, so a limit change that reaches the directory applies to the next request.
/// </summary>
public sealed partial class QuotaAdmissionController : IAdmissionController, IAsyncDisposable
{
    private readonly ConcurrentDictionary<Guid, ScopeQuotas> _keys = new();
    private readonly ConcurrentDictionary<Guid, ScopeQuotas> _tenants = new();
    private readonly TenantDirectory _tenantDirectory;
    private readonly IQuotaLeaseStore _store;
    private readonly SiloMembership _membership;
    private readonly TimeProvider _time;
    private readonly ILogger<QuotaAdmissionController> _logger;
    private readonly ILogger<LeasedCounter> _counterLogger;

    /// <summary>Creates the controller.</summary>
    public QuotaAdmissionController(TenantDirectory tenants, IQuotaLeaseStore store, SiloMembership membership, TimeProvider time, ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(loggers);
        _tenantDirectory = tenants;
        _store = store;
        _membership = membership;
        _time = time;
        _logger = loggers.CreateLogger<QuotaAdmissionController>();
        _counterLogger = loggers.CreateLogger<LeasedCounter>();
    }

    /// <inheritdoc />
    public async ValueTask<AdmissionTicket> AdmitAsync(ApiKeyEntry key, ModelRoute model, int estimatedPromptTokens, int? maxTokens, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(model);
        var admission = AdmissionOf(key);
        if (admission.Key.IsUnlimited && admission.Tenant.IsUnlimited)
        {
            return AdmissionTicket.Unlimited;
        }

        var now = _time.GetUtcNow();
        var price = model.Prices.At(now) ?? new ModelPrice(model.Name, 0, 0, DateTimeOffset.MinValue);
        var request = AdmissionRequest.For(PromptReserve(estimatedPromptTokens), maxTokens is > 0 ? maxTokens : null, model.Record, price);
        var decision = await admission.AdmitAsync(request, ct);
        var headers = admission.Headers().ToPairs();
        if (decision.Reservation is not { } reservation)
        {
            return new AdmissionTicket { Admitted = false, Refusal = decision.Refusal!.ToError(), Headers = headers };
        }

        return new AdmissionTicket
        {
            Admitted = true,
            CappedMaxTokens = reservation.WasCapped ? (int)Math.Min(int.MaxValue, reservation.MaxTokens) : null,
            Headers = headers,
            State = new LeasedTicket(admission, reservation),
        };
    }

    /// <inheritdoc />
    public void Settle(AdmissionTicket ticket, long promptTokens, long completionTokens, long costMicros)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        if (ticket.State is LeasedTicket leased)
        {
            leased.Admission.Settle(leased.Reservation, promptTokens, completionTokens, costMicros);
        }
    }

    /// <inheritdoc />
    public IReadOnlyList<KeyValuePair<string, string>> HeadersFor(ApiKeyEntry key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return AdmissionOf(key).Headers().ToPairs();
    }

    /// <summary>The counters of a key, if this silo has admitted for it (budget reads, tests).</summary>
    public ScopeQuotas? KeyQuotas(Guid keyId) => _keys.TryGetValue(keyId, out var quotas) ? quotas : null;

    /// <summary>Every counter this silo holds (maintenance: expiry, reporting held slices).</summary>
    public IEnumerable<LeasedCounter> Counters() => _keys.Values.Concat(_tenants.Values).SelectMany(s => s.Counters());

    /// <summary>Returns slices whose lease expired or whose period ended (from the maintenance loop).</summary>
    public async Task ExpireDueAsync(CancellationToken ct)
    {
        foreach (var scope in _keys.Values.Concat(_tenants.Values))
        {
            foreach (var counter in scope.Counters())
            {
                try
                {
                    await counter.ExpireIfDueAsync(ct);
                }
                catch (ObjectDisposedException)
                {
                    // Dropped by a limit change meanwhile; its dispose returned the slice.
                }
            }
        }
    }

    /// <summary>Returns every slice (shutdown), so a leaving silo keeps nothing of anyone's quota.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var scope in _keys.Values.Concat(_tenants.Values))
        {
            await scope.DisposeAsync();
        }

        _keys.Clear();
        _tenants.Clear();
    }

    private LeasedAdmission AdmissionOf(ApiKeyEntry key)
    {
        var record = key.Record;
        var keyQuotas = _keys.GetOrAdd(record.Id, id => new ScopeQuotas(LimitScope.Key, id.ToString("N"), Create));
        Drop(keyQuotas.Apply(record.Limits));
        var tenantLimits = _tenantDirectory.Get(record.TenantId)?.Record.Limits ?? Limits.None;
        var tenantQuotas = _tenants.GetOrAdd(record.TenantId, id => new ScopeQuotas(LimitScope.Tenant, id.ToString("N"), Create));
        Drop(tenantQuotas.Apply(tenantLimits));
        return new LeasedAdmission(keyQuotas, tenantQuotas, _time);
    }

    private LeasedCounter Create(QuotaId quota) =>
        new(_store, quota, _membership.SiloId, () => _membership.LiveSilos, OptionsFor(quota.Kind), _time, _counterLogger);

    private void Drop(IReadOnlyList<LeasedCounter> dropped)
    {
        foreach (var counter in dropped)
        {
            _ = ReturnAsync(counter);
        }
    }

    private async Task ReturnAsync(LeasedCounter counter)
    {
        try
        {
            await counter.DisposeAsync();
        }
        catch (Exception ex) when (ex is System.Data.Common.DbException or TimeoutException or InvalidOperationException)
        {
            LogReturnFailed(_logger, ex, counter.Quota.Scope, counter.Quota.Id, counter.Quota.Kind);
        }
    }

    /// <summary>
    /// Prompt tokens to reserve for an estimate. The estimate (characters ÷ 4 + a few per message) misses the chat
    /// template's own tokens and can run low; a budget's cap is computed from this, so a margin keeps a capped request
    /// within the budget when the real prompt is a little longer. Settling gives back what was not used.
    /// </summary>
    internal static long PromptReserve(int estimate) => Math.Max(0, estimate) + Math.Max(0, estimate) / 8 + 8;

    /// <summary>The first slice and the least refill, sized to the unit of each kind.</summary>
    private static LeaseOptions OptionsFor(LimitKind kind) => kind switch
    {
        LimitKind.Requests => new LeaseOptions { MinimumGrant = 8 },
        LimitKind.Tokens or LimitKind.MonthlyTokens => new LeaseOptions { MinimumGrant = 4_096 },
        _ => new LeaseOptions { MinimumGrant = 10_000 },
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "Returning the slice of a dropped limit failed for {Scope} {Id} {Kind}")]
    private static partial void LogReturnFailed(ILogger logger, Exception exception, LimitScope scope, string id, LimitKind kind);

    private sealed record LeasedTicket(LeasedAdmission Admission, Reservation Reservation);
}
