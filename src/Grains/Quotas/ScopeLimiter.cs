using GatoLink.Grains.Abstractions.Keys;
using GatoLink.Grains.Abstractions.Quotas;
using System.Globalization;
using GatoLink.Grains.Billing;

namespace GatoLink.Grains.Quotas;

/// <summary>
/// The limits of one key or one tenant and its open reservations: <see cref="Admission"/>'s check-and-reserve over one
/// <see cref="LimitSet"/>, plus what a grain needs around it — reservations named by id, a limit change that keeps the
/// counts of the current windows, usage seeded from the ledger, readings. Single-threaded: its grain's turn.
/// </summary>
/// <remarks>
/// Seeded at a moment T (<see cref="SeedAt"/>): the ledger's usage stamped before T is counted from the seed, and a
/// settlement counts only its parts stamped at or after T, whether its reservation was made here or by an earlier
/// activation (then it is booked straight into the budgets). Each part is counted once, however late the ledger is.
/// </remarks>
/// <remarks>
/// One lives in every active key grain, so it keeps little: the limits are read back from the limiters rather than
/// kept as a record, the scope without limits is the shared <see cref="LimitSet.None"/>, and the open reservations
/// (<see cref="OpenReservations"/>) make a dictionary only when a second one is open at the same time.
/// </remarks>
public sealed class ScopeLimiter : ILedgerSeeded
{
    private readonly LimitScope _scope;
    private readonly TimeProvider _time;
    private Admission _admission;
    private readonly OpenReservations _open = new();
    private long _expiredAt;
    private DateTimeOffset _countsFrom = DateTimeOffset.MinValue;
    private DateTimeOffset? _bucketsSeededAt;
    private SettledIds? _settled;

    /// <summary>Builds the limiters of <paramref name="limits"/>, all unused.</summary>
    public ScopeLimiter(LimitScope scope, Limits limits, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(limits);
        _scope = scope;
        _time = time;
        _admission = Build(limits);
    }

    /// <summary>The limits in force.</summary>
    public Limits Limits => Set.Limits;

    /// <summary>Reservations not yet settled.</summary>
    public int OpenReservations => _open.Count;

    private LimitSet Set => _scope == LimitScope.Key ? _admission.Key : _admission.Tenant;

    /// <summary>Checks and reserves; a refusal reserves nothing.</summary>
    /// <param name="request">What to reserve.</param>
    /// <param name="isDead">
    /// Whether the cluster declared a silo dead: when every concurrency slot is taken, the slots of dead silos come back
    /// first (their requests will never settle). Null: slots come back only by settlement or expiry.
    /// </param>
    public AdmitResult Admit(AdmitRequest request, Func<SiloAddress, bool>? isDead = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.ReservationId != Guid.Empty && _open.Find(request.ReservationId) is { } again)
        {
            // The same admission sent again (its first answer was lost): the same reservation, nothing taken twice.
            return new AdmitResult(again.Id, again.Reservation.MaxTokens, again.Reservation.WasCapped, null, Headers());
        }

        if (Set.Slots is { HasRoom: false } slots && (isDead is null || slots.Reclaim(isDead) == 0))
        {
            return new AdmitResult(Guid.Empty, 0, false, ConcurrencyRefusal(slots).ToError(), Headers());
        }

        var decision = _admission.Admit(new AdmissionRequest(request.PromptTokens, request.PromptTokens == 0 && request.MaxTokens == 0 ? 0 : Math.Max(1, request.MaxTokens), request.Price));
        var headers = Headers();
        if (decision.Reservation is not { } reservation)
        {
            return new AdmitResult(Guid.Empty, 0, false, decision.Refusal!.ToError(), headers);
        }

        var open = new OpenReservation(request.ReservationId != Guid.Empty ? request.ReservationId : Guid.NewGuid(), reservation, _time.GetUtcNow());
        Set.Slots?.TryTake(open.Id, request.Silo);
        _open.Add(open);

        return new AdmitResult(open.Id, reservation.MaxTokens, reservation.WasCapped, null, headers);
    }

    /// <summary>
    /// Books what a request used: against its reservation when it is open here, straight into the budgets when it is
    /// not (an earlier activation made it). Only usage stamped at or after the seed's moment counts (the rest is in the
    /// seed). A settlement of a reservation settled here in the last <see cref="SettledIds.Retention"/> is the same one
    /// sent again and counts nothing. True when the reservation was open here.
    /// </summary>
    public bool Settle(Settlement settlement)
    {
        ArgumentNullException.ThrowIfNull(settlement);
        var now = _time.GetTimestamp();
        if (_settled is not null && !_settled.Forget(now, _time))
        {
            // A quiet key keeps no memory of what it settled.
            _settled = null;
        }

        // The request has ended, however its usage is counted below.
        Set.Slots?.Release(settlement.ReservationId);
        if (_settled is not null && _settled.Contains(settlement.ReservationId))
        {
            return false;
        }

        (_settled ??= new SettledIds()).Add(settlement.ReservationId, now);
        var (prompt, completion, cost) = settlement.CountedFrom(_countsFrom);
        if (_open.Remove(settlement.ReservationId) is { } open)
        {
            return _admission.Settle(open.Reservation, prompt, completion, cost);
        }

        // Admitted by an earlier activation (the grain moved while the request ran): its request and tokens were never
        // taken from these buckets. The seed counted the attempts stamped before it (and the request with them); the
        // rest are taken now.
        if (settlement.Parts is null || settlement.Parts.All(p => p.At >= _countsFrom))
        {
            Set.Requests?.Charge(1);
        }

        Set.Tokens?.Charge(prompt + completion);

        if (settlement.Parts is null)
        {
            Book(_time.GetUtcNow(), prompt + completion, cost);
        }
        else
        {
            foreach (var part in settlement.Parts)
            {
                if (part.At >= _countsFrom)
                {
                    Book(part.At, part.PromptTokens + part.CompletionTokens, part.CostMicros);
                }
            }
        }

        return false;
    }

    /// <summary>Gives back everything a reservation took, the request included (it never ran).</summary>
    public bool Rollback(Guid reservationId)
    {
        Set.Slots?.Release(reservationId);
        return _open.Remove(reservationId) is { } open && _admission.Rollback(open.Reservation);
    }

    /// <summary>
    /// Forgets reservations whose settlement never came (<see cref="ReservationTimer.MaxAge"/>), at most once per
    /// <see cref="ReservationTimer.Period"/>: called on admission, so an idle grain needs no timer (and deactivates).
    /// </summary>
    /// <returns>How many were forgotten.</returns>
    public int ExpireOpenIfDue()
    {
        var now = _time.GetTimestamp();
        if (_open.Count == 0 || _time.GetElapsedTime(_expiredAt, now) < ReservationTimer.Period)
        {
            return 0;
        }

        _expiredAt = now;
        return ExpireOpen(ReservationTimer.MaxAge);
    }

    /// <summary>
    /// Forgets reservations older than <paramref name="maxAge"/> whose settlement never came (the silo that ran the
    /// request died): what they reserved stays counted, so a lost settlement never frees budget that was spent.
    /// </summary>
    public int ExpireOpen(TimeSpan maxAge)
    {
        return _open.RemoveMadeBefore(_time.GetUtcNow() - maxAge, id => Set.Slots?.Release(id));
    }

    /// <summary>
    /// Applies new limits. Counts of the current windows carry over (a raised budget keeps what was spent; a bucket
    /// keeps what was taken), so a limit change never resets anyone's use.
    /// </summary>
    public void Apply(Limits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        if (limits == Limits)
        {
            return;
        }

        var old = Set;
        var next = Build(limits);
        var set = _scope == LimitScope.Key ? next.Key : next.Tenant;
        foreach (var kind in LimitSet.Kinds)
        {
            if (old.Bucket(kind) is { } oldBucket && set.Bucket(kind) is { } newBucket)
            {
                var state = oldBucket.Snapshot();
                newBucket.Charge(Math.Min(newBucket.Capacity, Math.Max(0, state.Limit - state.Remaining)));
            }
            else if (old.Budget(kind) is { } oldBudget && set.Budget(kind) is { } newBudget)
            {
                var state = oldBudget.Snapshot();
                newBudget.Adjust(state.Window, state.Used);
            }
        }

        if (old.Slots is { } oldSlots && set.Slots is { } newSlots)
        {
            newSlots.CarryOver(oldSlots);
        }

        // Open reservations settle against the new counters by difference: their amounts were carried over above.
        _admission = next;
    }

    /// <summary>Whether any budget is set.</summary>
    public bool HasBudgets => Set.DailyCost is not null || Set.MonthlyCost is not null || Set.MonthlyTokens is not null;

    /// <summary>Whether any budget or rate limit is set (seeding from the ledger is needed only then).</summary>
    public bool HasLedgerState => HasBudgets || Set.Requests is not null || Set.Tokens is not null;

    /// <summary>
    /// Counts usage the ledger holds from before <paramref name="from"/> (or, called again with the same moment, what
    /// it has gained since the last call) in the budget windows of <paramref name="from"/>, and takes the requests and
    /// tokens of its last minute from the rate buckets (which may go into debt, paid back by refill): that is never more
    /// than a bucket that had run all along would hold. The buckets take only the activation's seed: a budget added
    /// later is seeded again, while the buckets have counted since. From now on settlements count only usage stamped
    /// at or after <paramref name="from"/>.
    /// </summary>
    public void SeedAt(DateTimeOffset from, SpentTotals spent)
    {
        _countsFrom = from;
        _bucketsSeededAt ??= from;
        if (_bucketsSeededAt == from)
        {
            Set.Requests?.Charge(Math.Max(0, spent.MinuteRequests));
            Set.Tokens?.Charge(Math.Max(0, spent.MinuteTokens));
        }

        Set.DailyCost?.Adjust(BudgetWindow.For(BudgetPeriod.Day, from), spent.DayCostMicros);
        Set.MonthlyCost?.Adjust(BudgetWindow.For(BudgetPeriod.Month, from), spent.MonthCostMicros);
        Set.MonthlyTokens?.Adjust(BudgetWindow.For(BudgetPeriod.Month, from), spent.MonthTokens);
    }

    /// <inheritdoc />
    public Task<SpentTotals> ReadLedgerAsync(ILedgerBalances ledger, Guid tenantId, Guid? keyId, DateTimeOffset before, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        return ledger.SpentBeforeAsync(tenantId, keyId, before, ct);
    }

    /// <summary>Every limit that is set, as it stands now.</summary>
    public LimitReading[] Read() => Set.Read(_time.GetUtcNow());

    /// <summary>The <c>x-ratelimit-*</c> headers of this scope's buckets (none when it has no rate limits).</summary>
    public KeyValuePair<string, string>[] Headers() => [.. _admission.Headers().ToPairs()];

    private LimitRefusal ConcurrencyRefusal(ConcurrencySlots slots) => new(
        _scope,
        LimitKind.Concurrent,
        ConcurrencyRetryAfter,
        string.Create(CultureInfo.InvariantCulture, $"Concurrency limit reached for {LimitNames.Describe(_scope, LimitKind.Concurrent)} (limit {slots.Capacity}, {slots.InUse} running). Retry when one ends."));

    /// <summary>When a refused request may try again: running requests end within seconds, so the shortest Retry-After.</summary>
    private static readonly TimeSpan ConcurrencyRetryAfter = TimeSpan.FromSeconds(1);

    private Admission Build(Limits limits) => _scope == LimitScope.Key
        ? new Admission(new LimitSet(LimitScope.Key, limits, _time), LimitSet.None(LimitScope.Tenant), _time)
        : new Admission(LimitSet.None(LimitScope.Key), new LimitSet(LimitScope.Tenant, limits, _time), _time);

    // Usage of a request whose reservation this activation never saw: into the budgets of the window it falls in.
    private void Book(DateTimeOffset at, long tokens, long costMicros)
    {
        Set.DailyCost?.Adjust(BudgetWindow.For(BudgetPeriod.Day, at), costMicros);
        Set.MonthlyCost?.Adjust(BudgetWindow.For(BudgetPeriod.Month, at), costMicros);
        Set.MonthlyTokens?.Adjust(BudgetWindow.For(BudgetPeriod.Month, at), tokens);
    }

}
