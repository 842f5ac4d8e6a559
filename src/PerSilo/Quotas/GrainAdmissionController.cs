using GatoLink.Grains.Abstractions.Keys;
using GatoLink.Grains.Abstractions.Errors;
using GatoLink.Grains.Abstractions.Model;
using GatoLink.Grains.Abstractions.Quotas;
using GatoLink.Grains.Abstractions.Storage;
using Microsoft.Extensions.Logging;
using GatoLink.PerSilo.Tenants;
using GatoLink.PerSilo.Plans;
using GatoLink.PerSilo.Models;
using GatoLink.PerSilo.Keys;
using GatoLink.Grains.Quotas;

namespace GatoLink.PerSilo.Quotas;

/// <summary>
/// Rate limits and budgets held by the key's grain (and through it the tenant's): one grain call per admitted request,
/// none when neither the key nor its tenant has limits. A grain that does not answer within
/// <see cref="AdmissionOptions.AdmitTimeout"/>, or cannot activate because storage is away, fails closed: 503 with
/// Retry-After, never an unchecked request.
/// </summary>
public sealed partial class GrainAdmissionController : IAdmissionController
{
    private readonly IGrainFactory _grains;
    private readonly TenantDirectory _tenants;
    private readonly AdmissionOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<GrainAdmissionController> _logger;
    private readonly TenantPrices _prices;
    private readonly SiloAddress? _silo;

    /// <summary>Creates the controller.</summary>
    /// <param name="grains">The grain factory.</param>
    /// <param name="tenants">The silo's tenant directory.</param>
    /// <param name="options">Timeouts.</param>
    /// <param name="time">The clock.</param>
    /// <param name="logger">Log.</param>
    /// <param name="prices">The tenants' model prices (their plans').</param>
    /// <param name="silo">This silo (null outside one): named in each admission, so that its concurrency slots come back if it dies.</param>
    public GrainAdmissionController(IGrainFactory grains, TenantDirectory tenants, AdmissionOptions options, TimeProvider time, ILogger<GrainAdmissionController> logger, TenantPrices prices, ILocalSiloDetails? silo = null)
    {
        _prices = prices;
        _silo = silo?.SiloAddress;
        _grains = grains;
        _tenants = tenants;
        _options = options;
        _time = time;
        _logger = logger;
    }

    /// <inheritdoc />
    public ValueTask<AdmissionTicket> AdmitAsync(ApiKeyEntry key, ModelRoute model, int estimatedPromptTokens, int? maxTokens, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(model);
        return AdmitCoreAsync(key, model, PromptReserve(estimatedPromptTokens), maxTokens is > 0 ? maxTokens.Value : model.Record.DefaultMaxTokens, ct);
    }

    /// <inheritdoc />
    public ValueTask<AdmissionTicket> AdmitCachedAsync(ApiKeyEntry key, ModelRoute model, CancellationToken ct) =>
        AdmitCoreAsync(key, model, promptReserve: 0, maxTokens: 0, ct);

    private async ValueTask<AdmissionTicket> AdmitCoreAsync(ApiKeyEntry key, ModelRoute model, long promptReserve, long maxTokens, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(model);
        var record = key.Record;
        var tenantLimited = TenantLimited(record);
        if (!record.Limits.Any && !tenantLimited)
        {
            return AdmissionTicket.Unlimited;
        }

        var price = _prices.At(record.TenantId, model, _time.GetUtcNow()) ?? new ModelPrice(model.Name, 0, 0, DateTimeOffset.MinValue);
        // The id is the caller's: a call sent again after its answer was lost (its silo left while Orleans had forwarded
        // it to the grain's new activation) finds its reservation instead of taking a second one.
        var request = new AdmitRequest(promptReserve, maxTokens, price, tenantLimited, Guid.NewGuid(), _silo);
        var grain = _grains.GetGrain<IApiKeyGrain>(record.Id);
        using var timeout = new CancellationTokenSource(_options.AdmitTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, timeout.Token);
        AdmitResult result;
        try
        {
            // A call the leaving silo of a rolling restart rejected is sent again, within the same timeout.
            result = await RejectedCallRetry.RunAsync(token => grain.Admit(request, token), _time, linked.Token);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            LogUnavailable(_logger, record.Id, "timed out");
            return Unavailable();
        }
        catch (Exception ex) when (ex is OrleansException or TimeoutException or StorageUnavailableException)
        {
            LogUnavailable(_logger, record.Id, ex.Message);
            return Unavailable();
        }

        if (!result.Admitted)
        {
            return new AdmissionTicket { Admitted = false, Refusal = result.Refusal, Headers = result.Headers };
        }

        return new AdmissionTicket
        {
            Admitted = true,
            CappedMaxTokens = result.Capped ? (int)Math.Min(int.MaxValue, result.MaxTokens) : null,
            Headers = result.Headers,
            State = new GrainTicket(grain, result.ReservationId, result.TenantReservationId),
        };
    }

    /// <inheritdoc />
    public void Settle(AdmissionTicket ticket, IReadOnlyList<UsagePart> parts)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        ArgumentNullException.ThrowIfNull(parts);
        if (ticket.State is GrainTicket held)
        {
            // After the response: the client does not wait for the booking. A lost settlement keeps the estimate counted.
            _ = SettleAsync(held, Settlement.Of(held.ReservationId, held.TenantReservationId, [.. parts]));
        }
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<KeyValuePair<string, string>>> HeadersForAsync(ApiKeyEntry key, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(key);
        var record = key.Record;
        var tenantLimited = TenantLimited(record);
        if (!record.Limits.Any && !tenantLimited)
        {
            return [];
        }

        try
        {
            using var timeout = new CancellationTokenSource(_options.AdmitTimeout, _time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, timeout.Token);
            var own = await RejectedCallRetry.RunAsync(token => _grains.GetGrain<IApiKeyGrain>(record.Id).RateLimitHeaders().WaitAsync(token), _time, linked.Token);
            var tenant = tenantLimited
                ? await RejectedCallRetry.RunAsync(token => _grains.GetGrain<ITenantGrain>(record.TenantId).RateLimitHeaders().WaitAsync(token), _time, linked.Token)
                : [];
            return LimitHeaders.Merge(own, tenant);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            LogUnavailable(_logger, record.Id, "timed out");
            return [];
        }
        catch (Exception ex) when (ex is OrleansException or TimeoutException or StorageUnavailableException)
        {
            // Headers are informative on these routes; the answer itself does not depend on them.
            LogUnavailable(_logger, record.Id, ex.Message);
            return [];
        }
    }

    /// <summary>
    /// Prompt tokens to reserve for an estimate. The estimate (characters ÷ 4 + a few per message) misses the chat
    /// template's own tokens and can run low; a budget's cap is computed from this, so a margin keeps a capped request
    /// within the budget when the real prompt is a little longer. Settling gives back what was not used.
    /// </summary>
    internal static long PromptReserve(int estimate) => Math.Max(0, estimate) + Math.Max(0, estimate) / 8 + 8;

    /// <summary>Whether the key's tenant has limits, a plan (whose limits it inherits) or a wallet, so that its grain is asked too.</summary>
    private bool TenantLimited(ApiKeyRecord record) =>
        _tenants.Get(record.TenantId)?.Record is { } tenant && (tenant.Limits.Any || tenant.Billing is { Plan: not null } or { Prepaid: true });

    /// <summary>How long a settlement the leaving silo of a rolling restart rejected is sent again.</summary>
    private static readonly TimeSpan SettleTimeout = TimeSpan.FromSeconds(10);

    private static AdmissionTicket Unavailable() => new()
    {
        Admitted = false,
        Refusal = new GatoError(ErrorKind.NoCapacity, "Rate limits and budgets could not be checked in time; retry shortly.", "limits_unavailable", RetryAfterSeconds: 1),
    };

    private async Task SettleAsync(GrainTicket held, Settlement settlement)
    {
        if (await RejectedCallRetry.TryRunAsync(() => held.Grain.Settle(settlement), SettleTimeout, _time) is { } failure)
        {
            LogSettleFailed(_logger, failure, held.Grain.GetPrimaryKey(), settlement.ReservationId);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Limits of key {KeyId} unavailable ({Reason}); refusing with 503")]
    private static partial void LogUnavailable(ILogger logger, Guid keyId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Settling reservation {ReservationId} of key {KeyId} failed; its estimate stays counted until it expires")]
    private static partial void LogSettleFailed(ILogger logger, Exception exception, Guid keyId, Guid reservationId);

    private sealed record GrainTicket(IApiKeyGrain Grain, Guid ReservationId, Guid TenantReservationId);
}
