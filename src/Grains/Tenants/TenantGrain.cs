using System.Data.Common;
using GatoLink.Grains.Abstractions.Keys;
using GatoLink.Grains.Abstractions.Quotas;
using GatoLink.Grains.Abstractions.Storage;
using GatoLink.Grains.Billing;
using GatoLink.Grains.Quotas;
using Microsoft.Extensions.Logging;

namespace GatoLink.Grains.Tenants;

/// <summary>
/// The one activation in the cluster that holds a tenant's limits and budgets, shared by all its keys. Key grains
/// call it only when the tenant has limits; budgets are rebuilt from the ledger on activation.
/// </summary>
public sealed partial class TenantGrain : Grain, ITenantGrain
{
    private readonly ITenantStore _tenants;
    private readonly IUsageQueries _ledger;
    private readonly TimeProvider _time;
    private readonly ILogger<TenantGrain> _logger;
    private ScopeLimiter _limiter = null!;

    /// <summary>Creates the grain.</summary>
    public TenantGrain(ITenantStore tenants, IUsageQueries ledger, TimeProvider time, ILogger<TenantGrain> logger)
    {
        _tenants = tenants;
        _ledger = ledger;
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
            await LedgerSeed.SeedAsync(_limiter, _ledger, tenantId: id, keyId: null, _time.GetUtcNow(), cancellationToken);
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
    public Task Settle(Settlement settlement)
    {
        _limiter.Settle(settlement);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<LimitReading[]> ReadLimits() => Task.FromResult(_limiter.Read());

    /// <inheritdoc />
    public Task<KeyValuePair<string, string>[]> RateLimitHeaders() => Task.FromResult(_limiter.Headers());

    /// <inheritdoc />
    public async Task Refresh()
    {
        var record = await _tenants.GetAsync(this.GetPrimaryKey(), CancellationToken.None);
        _limiter.Apply(record?.Limits ?? Limits.None);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Tenant grain {TenantId} cannot activate: storage is not available")]
    private static partial void LogStorageUnavailable(ILogger logger, Exception exception, Guid tenantId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Tenant grain {TenantId} expired reservations that were never settled; {Open} still open")]
    private static partial void LogExpired(ILogger logger, Guid tenantId, int open);
}
