using System.Data.Common;
using GatoLink.Grains.Abstractions.Keys;
using GatoLink.Grains.Abstractions.Quotas;
using GatoLink.Grains.Abstractions.Storage;
using GatoLink.Grains.Alerts;
using GatoLink.Grains.Billing;
using GatoLink.Grains.Quotas;
using Microsoft.Extensions.Logging;
using Orleans.Concurrency;
using Orleans.Placement;

namespace GatoLink.Grains.Keys;

/// <summary>
/// The one activation in the cluster that holds a key's request and token buckets, budgets and open reservations.
/// Limits come from storage on activation and on <see cref="Refresh"/>; budgets are rebuilt from the ledger, so a
/// deactivation or a crash never resets them. When the tenant has limits, the tenant grain is asked in the same
/// admission and a refusal there gives back what the key reserved.
/// </summary>
/// <remarks>
/// Reentrant, so that admissions of a busy key do not queue behind each other's call to the tenant grain: each turn
/// between awaits is atomic (a reservation is taken, refunded or recorded in one synchronous step), so interleaved
/// admissions only ever see more reserved than will be spent, never less.
/// <para>
/// Immovable: the grain rebuilds its state on activation, so Orleans moving it when its silo shuts down (which 10.4.2
/// does for an activation with a request waiting, and a timer tick is one) carries nothing over, and on the last silo
/// the move finds no destination and logs an error on an orderly stop. A request that waits is forwarded instead.
/// </para>
/// </remarks>
[Immovable]
[Reentrant]
public sealed partial class ApiKeyGrain : Grain, IApiKeyGrain
{
    private readonly IApiKeyStore _keys;
    private readonly ILedgerBalances _ledger;
    private readonly ILedgerWatermark? _watermark;
    private readonly TimeProvider _time;
    private readonly ILogger<ApiKeyGrain> _logger;
    private readonly Func<SiloAddress, bool> _isDead;
    private ScopeLimiter _limiter = null!;
    private LedgerSeeding _seeding = null!;
    private Guid _tenantId;
    private readonly AlertServices? _alertServices;
    private GrainAlerts? _alerts;

    /// <summary>Creates the grain; without <paramref name="watermark"/> (no usage stream) the first ledger read is the seed.</summary>
    public ApiKeyGrain(
        IApiKeyStore keys, ILedgerBalances ledger, TimeProvider time, ILogger<ApiKeyGrain> logger, IClusterMembershipService membership, ILedgerWatermark? watermark = null,
        AlertServices? alerts = null)
    {
        _isDead = DeadSilos.In(membership);
        _alertServices = alerts;
        _keys = keys;
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
            var record = await _keys.GetAsync(id, cancellationToken);
            _tenantId = record?.TenantId ?? Guid.Empty;
            _limiter = new ScopeLimiter(LimitScope.Key, record?.Limits ?? Limits.None, _time);
            _seeding = new LedgerSeeding(this, _ledger, _watermark, _time, _logger, _tenantId, id);
            await _seeding.SeedAsync(_limiter, cancellationToken);
            if (_alertServices is not null)
            {
                _alerts = new GrainAlerts(LimitScope.Key, id, _tenantId, _alertServices, _time, _logger);
                await _alerts.LoadAsync(cancellationToken);
            }
        }
        catch (DbException ex)
        {
            // Without its limits and the budgets spent so far the key cannot admit anything: fail the activation.
            LogStorageUnavailable(_logger, ex, id);
            throw new StorageUnavailableException($"The limits of key {id} cannot be read: {ex.Message}");
        }

        LogActivated(_logger, id, _limiter.Limits);
    }

    /// <inheritdoc />
    public async Task<AdmitResult> Admit(AdmitRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (_limiter.ExpireOpenIfDue() > 0)
        {
            LogExpired(_logger, this.GetPrimaryKey(), _limiter.OpenReservations);
        }

        var own = _limiter.Admit(request, _isDead);
        if (!own.Admitted || !request.TenantLimited || _tenantId == Guid.Empty)
        {
            return own;
        }

        AdmitResult tenant;
        try
        {
            tenant = await Tenant.Admit(request with { MaxTokens = own.MaxTokens }, cancellationToken);
        }
        catch (Exception)
        {
            // The tenant's limits could not be checked: the request does not run, so the key gives back its share.
            _limiter.Rollback(own.ReservationId);
            throw;
        }

        var headers = LimitHeaders.Merge(own.Headers, tenant.Headers);
        if (!tenant.Admitted)
        {
            _limiter.Rollback(own.ReservationId);
            return tenant with { Headers = LimitHeaders.Merge(_limiter.Headers(), tenant.Headers) };
        }

        var maxTokens = Math.Min(own.MaxTokens, tenant.MaxTokens);
        return new AdmitResult(own.ReservationId, maxTokens, maxTokens < request.MaxTokens, null, headers, tenant.ReservationId);
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

        if (settlement.TenantReservationId == Guid.Empty || _tenantId == Guid.Empty)
        {
            return;
        }

        // Named by the settlement itself: the tenant's share settles even when this activation did not admit it. Its
        // failures end here: the key's share is booked, and a caller that sent this settlement again would book it twice.
        var share = settlement with { ReservationId = settlement.TenantReservationId, TenantReservationId = Guid.Empty };
        if (await RejectedCallRetry.TryRunAsync(() => Tenant.Settle(share), TenantSettleTimeout, _time) is { } failure)
        {
            LogTenantSettleFailed(_logger, failure, this.GetPrimaryKey(), _tenantId);
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
        var record = await _keys.GetAsync(this.GetPrimaryKey(), CancellationToken.None);
        await _seeding.ApplyAsync(_limiter, record?.Limits ?? Limits.None);
        if (_alerts is not null)
        {
            await _alerts.LoadAsync(CancellationToken.None);
        }
    }

    /// <summary>How long the tenant's share of a settlement is sent again when the tenant grain's silo rejects it (it is moving).</summary>
    private static readonly TimeSpan TenantSettleTimeout = TimeSpan.FromSeconds(10);

    private ITenantGrain Tenant => GrainFactory.GetGrain<ITenantGrain>(_tenantId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Key grain {KeyId} could not settle its share with tenant {TenantId}; the tenant's estimate stays counted until it expires")]
    private static partial void LogTenantSettleFailed(ILogger logger, Exception exception, Guid keyId, Guid tenantId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Key grain {KeyId} cannot activate: storage is not available")]
    private static partial void LogStorageUnavailable(ILogger logger, Exception exception, Guid keyId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Key grain {KeyId} activated with limits {Limits}")]
    private static partial void LogActivated(ILogger logger, Guid keyId, Limits limits);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Key grain {KeyId} expired reservations that were never settled; {Open} still open")]
    private static partial void LogExpired(ILogger logger, Guid keyId, int open);
}
