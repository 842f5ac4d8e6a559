using System.Data.Common;
using GatoLink.Grains.Abstractions.Alerts;
using GatoLink.Grains.Abstractions.Keys;
using GatoLink.Grains.Abstractions.Plans;
using GatoLink.Grains.Abstractions.Quotas;
using GatoLink.Grains.Abstractions.Storage;
using GatoLink.Grains.Abstractions.Tenants;
using GatoLink.Grains.Abstractions.Wallets;
using GatoLink.Grains.Alerts;
using GatoLink.Grains.Billing;
using GatoLink.Grains.Quotas;
using GatoLink.Grains.Wallets;
using Microsoft.Extensions.Logging;
using Orleans.Placement;

namespace GatoLink.Grains.Tenants;

/// <summary>
/// The one activation in the cluster that holds a tenant's limits and budgets, shared by all its keys, and its prepaid
/// wallet. Key grains call it only when the tenant has limits, a plan or a wallet; budgets and the wallet's spending
/// are rebuilt from the ledger on activation. The limits are the tenant's own narrowed by its plan's.
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
    private readonly Func<SiloAddress, bool> _isDead;
    private ScopeLimiter _limiter = null!;
    private LedgerSeeding _seeding = null!;
    private readonly AlertServices? _alertServices;
    private readonly BillingStores? _billingStores;
    private GrainAlerts? _alerts;
    private TenantBilling _billing = TenantBilling.Default;
    private Wallet? _wallet;
    private LedgerSeeding? _walletSeeding;
    private readonly HashSet<(OutboxEventKind, long)> _told = [];

    /// <summary>Creates the grain; without <paramref name="watermark"/> (no usage stream) the first ledger read is the seed.</summary>
    public TenantGrain(
        ITenantStore tenants, ILedgerBalances ledger, TimeProvider time, ILogger<TenantGrain> logger, IClusterMembershipService membership, ILedgerWatermark? watermark = null,
        AlertServices? alerts = null, BillingStores? billing = null)
    {
        _isDead = DeadSilos.In(membership);
        _alertServices = alerts;
        _billingStores = billing;
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
            _billing = record?.BillingOrDefault ?? TenantBilling.Default;
            _limiter = new ScopeLimiter(LimitScope.Tenant, await LimitsOfAsync(record, cancellationToken), _time);
            _seeding = new LedgerSeeding(this, _ledger, _watermark, _time, _logger, id, keyId: null);
            await _seeding.SeedAsync(_limiter, cancellationToken);
            await OpenOrCloseWalletAsync(cancellationToken);
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
        ArgumentNullException.ThrowIfNull(request);
        if (_limiter.ExpireOpenIfDue() > 0)
        {
            _wallet?.ExpireOpen(ReservationTimer.MaxAge);
            LogExpired(_logger, this.GetPrimaryKey(), _limiter.OpenReservations);
        }

        var result = _limiter.Admit(request, _isDead);
        if (!result.Admitted || _wallet is null)
        {
            return Task.FromResult(result);
        }

        // The wallet pays for what the limits let through, and may lower max_tokens to what its balance pays for.
        var claim = _wallet.TryReserve(result.ReservationId, request.Price, request.PromptTokens, result.MaxTokens);
        if (!claim.Reserved)
        {
            _limiter.Rollback(result.ReservationId);
            TellLater(OutboxEventKind.WalletExhausted);
            return Task.FromResult(new AdmitResult(Guid.Empty, 0, false, WalletRefusal.Exhausted, _limiter.Headers()));
        }

        return Task.FromResult(claim.OutputTokens < result.MaxTokens ? result with { MaxTokens = claim.OutputTokens, Capped = true } : result);
    }

    /// <inheritdoc />
    public async Task Settle(Settlement settlement)
    {
        ArgumentNullException.ThrowIfNull(settlement);
        _limiter.Settle(settlement);
        if (_wallet is not null)
        {
            var wasLow = _wallet.Read(_billing.LowBalanceMicros).Low;
            _wallet.Settle(settlement);
            if (!wasLow && _wallet.Read(_billing.LowBalanceMicros).Low)
            {
                TellLater(OutboxEventKind.WalletLow);
            }
        }

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
        _walletSeeding?.Dispose();
        return base.OnDeactivateAsync(reason, cancellationToken);
    }

    /// <inheritdoc />
    public Task<KeyValuePair<string, string>[]> RateLimitHeaders() => Task.FromResult(_limiter.Headers());

    /// <inheritdoc />
    public async Task Refresh()
    {
        var record = await _tenants.GetAsync(this.GetPrimaryKey(), CancellationToken.None);
        _billing = record?.BillingOrDefault ?? TenantBilling.Default;
        await _seeding.ApplyAsync(_limiter, await LimitsOfAsync(record, CancellationToken.None));
        await OpenOrCloseWalletAsync(CancellationToken.None);
        if (_alerts is not null)
        {
            await _alerts.LoadAsync(CancellationToken.None);
        }
    }

    /// <inheritdoc />
    public async Task<TopUpResult> TopUp(WalletTransaction transaction)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        var stores = Stores;
        if (transaction.AmountMicros < 0 && (await ReadWallet()).BalanceMicros + transaction.AmountMicros < 0)
        {
            return new TopUpResult(TopUpOutcome.WouldGoNegative, null, await ReadWallet());
        }

        var (stored, inserted) = await stores.Wallets.AddAsync(transaction, CancellationToken.None);
        if (inserted)
        {
            _wallet?.Credit(stored.AmountMicros);
            LogCredited(_logger, this.GetPrimaryKey(), stored.AmountMicros, stored.Id);
        }

        var outcome = inserted ? TopUpOutcome.Credited : stored.SameRequest(transaction) ? TopUpOutcome.Replayed : TopUpOutcome.KeyReused;
        return new TopUpResult(outcome, stored, await ReadWallet());
    }

    /// <inheritdoc />
    public async Task<WalletState> ReadWallet() =>
        _wallet?.Read(_billing.LowBalanceMicros)
        ?? new WalletState(false, await Stores.Wallets.CreditedAsync(this.GetPrimaryKey(), CancellationToken.None), 0, 0, _billing.LowBalanceMicros);

    // A wallet event is stored by a one-shot grain timer: its own turn, after the call that noticed it has answered, so
    // the admission (on the hot path) never waits for the database. Each kind is told once per credit level.
    private void TellLater(OutboxEventKind kind)
    {
        if (_alertServices is null || _wallet is null || !_told.Add((kind, _wallet.Read(null).CreditedMicros)))
        {
            return;
        }

        var e = BillingEvents.Wallet(kind, this.GetPrimaryKey(), _wallet.Read(_billing.LowBalanceMicros), _time.GetUtcNow());
        IGrainTimer? timer = null;
        timer = this.RegisterGrainTimer(async _ =>
        {
            // Not cancelled by the timer's own disposal: the event is stored whole or not at all.
            try
            {
                await _alertServices.Outbox.EnqueueAsync(e, CancellationToken.None);
            }
            catch (DbException ex)
            {
                // Told again at the next shortage of this credit level on a new activation; the refusal itself was answered.
                LogEventNotStored(_logger, ex, OutboxEventKinds.ToText(kind), this.GetPrimaryKey());
            }
            finally
            {
                timer?.Dispose();
            }
        }, new GrainTimerCreationOptions(TimeSpan.Zero, Timeout.InfiniteTimeSpan));
    }

    private BillingStores Stores => _billingStores ?? throw new InvalidOperationException("This silo has no billing stores.");

    // The tenant's own limits narrowed by its plan's; an unknown plan (deleted meanwhile) narrows nothing.
    private async Task<Limits> LimitsOfAsync(TenantRecord? record, CancellationToken ct)
    {
        var own = record?.Limits ?? Limits.None;
        if (record?.Billing?.Plan is not { } name || _billingStores is null)
        {
            return own;
        }

        return await _billingStores.Plans.GetAsync(name, ct) is { } plan ? plan.Narrow(own) : own;
    }

    // A prepaid tenant's wallet opens (credits read, spending seeded from the ledger); a postpaid one has none.
    private async Task OpenOrCloseWalletAsync(CancellationToken ct)
    {
        if (_billing is not { Prepaid: true, WalletSince: { } since } || _billingStores is null)
        {
            _walletSeeding?.Dispose();
            _walletSeeding = null;
            _wallet = null;
            return;
        }

        if (_wallet is not null && _wallet.Since == since)
        {
            return;
        }

        var id = this.GetPrimaryKey();
        _walletSeeding?.Dispose();
        var wallet = new Wallet(since, await _billingStores.Wallets.CreditedAsync(id, ct), _time);
        _walletSeeding = new LedgerSeeding(this, _ledger, _watermark, _time, _logger, id, keyId: null);
        await _walletSeeding.SeedAsync(wallet, ct);
        _wallet = wallet;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Event {Kind} of tenant {TenantId}'s wallet could not be stored")]
    private static partial void LogEventNotStored(ILogger logger, Exception exception, string kind, Guid tenantId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Tenant {TenantId}'s wallet credited {AmountMicros} micro-USD (transaction {TransactionId})")]
    private static partial void LogCredited(ILogger logger, Guid tenantId, long amountMicros, Guid transactionId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Tenant grain {TenantId} cannot activate: storage is not available")]
    private static partial void LogStorageUnavailable(ILogger logger, Exception exception, Guid tenantId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Tenant grain {TenantId} expired reservations that were never settled; {Open} still open")]
    private static partial void LogExpired(ILogger logger, Guid tenantId, int open);
}
