using System.Data.Common;
using GatoLink.Grains.Abstractions.Keys;
using GatoLink.Grains.Abstractions.Quotas;
using GatoLink.Grains.Abstractions.Storage;
using GatoLink.Grains.Alerts;
using GatoLink.Grains.Billing;
using GatoLink.Grains.Quotas;
using Microsoft.Extensions.Logging;
using Orleans.Placement;

namespace GatoLink.Grains.Tenants;

/// <summary>
/// The one activation in the cluster that holds a tenant's limits and budgets, shared by all its keys. Key grains
/// call it only when the tenant has limits; budgets are rebuilt from the ledger on activation.
/// </summary>
/// <remarks>
/// Immovable: the grain rebuilds its state on activation, so Orleans moving it when its silo shuts down (which 10.4.2
/// does for an activation with a request waiting, and a timer tick is one) carries nothing over, and on the last silo
/// the move finds no destination and logs an error on an orderly stop. A request that waits is forwarded instead.
/// </remarks>
[Immovable]
public sealed partial class TenantGrain : Grain, ITenantGrain
{
    private readonly ITenantStore _tenants;
    private readonly ILedgerBalances _ledger;
    private readonly ILedgerWatermark? _watermark;
    private readonly TimeProvider _time;
    private readonly ILogger<TenantGrain> _logger;
    private ScopeLimiter _limiter = null!;
    private LedgerSeeding _seeding = null!;
    private readonly AlertServices? _alertServices;
    private GrainAlerts? _alerts;

    /// <summary>Creates the grain; without <paramref name="watermark"/> (no usage stream) the first ledger read is the seed.</summary>
    public TenantGrain(ITenantStore tenants, ILedgerBalances ledger, TimeProvider time, ILogger<TenantGrain> logger, ILedgerWatermark? watermark = null, AlertServices? alerts = null)
    {
        _alertServices = alerts;
        _tenants = tenants;
        _ledger = ledger;
        _watermark = watermark;
        _time = time;
        _logger = logger;
    }

    /// <inheritdoc />
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var id = this.GetPrimaryKey();
        try
        {
            var record = await _tenants.GetAsync(id, cancellationToken);
            _limiter = new ScopeLimiter(LimitScope.Tenant, record?.Limits ?? Limits.None, _time);
            _seeding = new LedgerSeeding(this, _ledger, _watermark, _time, _logger, id, keyId: null);
            await _seeding.SeedAsync(_limiter, cancellationToken);
            if (_alertServices is not null)
            {
                _alerts = new GrainAlerts(LimitScope.Tenant, id, id, _alertServices, _time, _logger);
                await _alerts.LoadAsync(cancellationToken);
            }
        }
        catch (DbException ex)
        {
            // Without its limits and the budgets spent so far the tenant cannot admit anything: fail the activation.
            LogStorageUnavailable(_logger, ex, id);
            throw new StorageUnavailableException($"The limits of tenant {id} cannot be read: {ex.Message}");
        }

    }

    /// <inheritdoc />
    public Task<AdmitResult> Admit(AdmitRequest request, CancellationToken cancellationToken)
    {
        if (_limiter.ExpireOpenIfDue() > 0)
        {
            LogExpired(_logger, this.GetPrimaryKey(), _limiter.OpenReservations);
        }

        return Task.FromResult(_limiter.Admit(request));
    }

    /// <inheritdoc />
    public async Task Settle(Settlement settlement)
    {
        ArgumentNullException.ThrowIfNull(settlement);
        _limiter.Settle(settlement);
        if (_alerts is not null)
        {
            await _alerts.AfterSettleAsync(settlement.CostMicros, _limiter.Read());
        }
    }

    /// <inheritdoc />
    public Task<LimitReading[]> ReadLimits() => Task.FromResult(_limiter.Read());

    /// <inheritdoc />
    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _seeding?.Dispose();
        return base.OnDeactivateAsync(reason, cancellationToken);
    }

    /// <inheritdoc />
    public Task<KeyValuePair<string, string>[]> RateLimitHeaders() => Task.FromResult(_limiter.Headers());

    /// <inheritdoc />
    public async Task Refresh()
    {
        var record = await _tenants.GetAsync(this.GetPrimaryKey(), CancellationToken.None);
        await _seeding.ApplyAsync(_limiter, record?.Limits ?? Limits.None);
        if (_alerts is not null)
        {
            await _alerts.LoadAsync(CancellationToken.None);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Tenant grain {TenantId} cannot activate: storage is not available")]
    private static partial void LogStorageUnavailable(ILogger logger, Exception exception, Guid tenantId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Tenant grain {TenantId} expired reservations that were never settled; {Open} still open")]
    private static partial void LogExpired(ILogger logger, Guid tenantId, int open);
}
