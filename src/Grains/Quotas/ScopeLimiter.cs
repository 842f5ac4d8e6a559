using GatoLink.Grains.Abstractions.Keys;
using GatoLink.Grains.Abstractions.Quotas;

namespace GatoLink.Grains.Quotas;

/// <summary>
/// The limits of one key or one tenant and its open reservations: <see cref="Admission"/>'s check-and-reserve over one
/// <see cref="LimitSet"/>, plus what a grain needs around it — reservations named by id, a limit change that keeps the
/// counts of the current windows, usage seeded from the ledger, readings. Single-threaded: its grain's turn.
/// </summary>
/// <remarks>
/// One lives in every active key grain, so it keeps little: the limits are read back from the limiters rather than
/// kept as a record, the scope without limits is the shared <see cref="LimitSet.None"/>, and the one request a key
/// usually has in flight sits in a field; a dictionary is made only when a second one is open at the same time.
/// </remarks>
public sealed class ScopeLimiter
{
    private static readonly LimitKind[] Kinds = [LimitKind.Requests, LimitKind.Tokens, LimitKind.DailyCost, LimitKind.MonthlyCost, LimitKind.MonthlyTokens];

    private readonly LimitScope _scope;
    private readonly TimeProvider _time;
    private Admission _admission;
    private OpenReservation? _one;
    private Dictionary<Guid, OpenReservation>? _more;
    private long _expiredAt;

    /// <summary>Builds the limiters of <paramref name="limits"/>, all unused.</summary>
    public ScopeLimiter(LimitScope scope, Limits limits, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(limits);
        _scope = scope;
        _time = time;
        _admission = Build(limits);
    }

    /// <summary>The limits in force.</summary>
    public Limits Limits
    {
        get
        {
            var set = Set;
            return set.Requests is null && set.Tokens is null && set.DailyCost is null && set.MonthlyCost is null && set.MonthlyTokens is null
                ? Limits.None
                : new Limits((int?)set.Requests?.Capacity, set.Tokens?.Capacity, set.DailyCost?.Limit, set.MonthlyCost?.Limit, set.MonthlyTokens?.Limit);
        }
    }

    /// <summary>Reservations not yet settled.</summary>
    public int OpenReservations => (_one is null ? 0 : 1) + (_more?.Count ?? 0);

    private LimitSet Set => _scope == LimitScope.Key ? _admission.Key : _admission.Tenant;

    /// <summary>Checks and reserves; a refusal reserves nothing.</summary>
    public AdmitResult Admit(AdmitRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var decision = _admission.Admit(new AdmissionRequest(request.PromptTokens, Math.Max(1, request.MaxTokens), request.Price));
        var headers = Headers();
        if (decision.Reservation is not { } reservation)
        {
            return new AdmitResult(Guid.Empty, 0, false, decision.Refusal!.ToError(), headers);
        }

        var open = new OpenReservation(Guid.NewGuid(), reservation, _time.GetUtcNow());
        if (_one is null)
        {
            _one = open;
        }
        else
        {
            (_more ??= [])[open.Id] = open;
        }

        return new AdmitResult(open.Id, reservation.MaxTokens, reservation.WasCapped, null, headers);
    }

    /// <summary>
    /// Ties an open reservation to one that another grain made for the same request (the tenant's), handed back by
    /// <see cref="Settle(Settlement, out Guid)"/>; false when the reservation is not open.
    /// </summary>
    public bool Link(Guid reservationId, Guid linked)
    {
        if (Find(reservationId) is not { } open)
        {
            return false;
        }

        open.Linked = linked;
        return true;
    }

    /// <summary>Books the actual usage of a reservation; false when it is unknown or already closed.</summary>
    public bool Settle(Settlement settlement) => Settle(settlement, out _);

    /// <summary>
    /// Books the actual usage of a reservation; false when it is unknown or already closed.
    /// <paramref name="linked"/> is what <see cref="Link"/> tied to it (empty when nothing was).
    /// </summary>
    public bool Settle(Settlement settlement, out Guid linked)
    {
        ArgumentNullException.ThrowIfNull(settlement);
        var open = Remove(settlement.ReservationId);
        linked = open?.Linked ?? Guid.Empty;
        return open is not null
            && _admission.Settle(open.Reservation, settlement.PromptTokens, settlement.CompletionTokens, settlement.CostMicros);
    }

    /// <summary>Gives back everything a reservation took, the request included (it never ran).</summary>
    public bool Rollback(Guid reservationId) =>
        Remove(reservationId) is { } open && _admission.Rollback(open.Reservation);

    /// <summary>
    /// Forgets reservations whose settlement never came (<see cref="ReservationTimer.MaxAge"/>), at most once per
    /// <see cref="ReservationTimer.Period"/>: called on admission, so an idle grain needs no timer (and deactivates).
    /// </summary>
    /// <returns>How many were forgotten.</returns>
    public int ExpireOpenIfDue()
    {
        var now = _time.GetTimestamp();
        if ((_one is null && _more is not { Count: > 0 }) || _time.GetElapsedTime(_expiredAt, now) < ReservationTimer.Period)
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
        var cutoff = _time.GetUtcNow() - maxAge;
        var expired = 0;
        if (_one is { } one && one.At < cutoff)
        {
            _one = null;
            expired++;
        }

        if (_more is not null)
        {
            foreach (var (id, open) in _more)
            {
                if (open.At < cutoff && _more.Remove(id))
                {
                    expired++;
                }
            }
        }

        return expired;
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
        foreach (var kind in Kinds)
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

        // Open reservations settle against the new counters by difference: their amounts were carried over above.
        _admission = next;
    }

    /// <summary>Counts use that happened before this activation (from the ledger) in the current window of a budget.</summary>
    public void Seed(LimitKind kind, long used)
    {
        if (Set.Budget(kind) is { } budget && used > 0)
        {
            budget.Adjust(budget.Snapshot().Window, used);
        }
    }

    /// <summary>Every limit that is set, as it stands now.</summary>
    public LimitReading[] Read()
    {
        var now = _time.GetUtcNow();
        var readings = new List<LimitReading>(Kinds.Length);
        foreach (var kind in Kinds)
        {
            if (Set.Bucket(kind) is { } bucket)
            {
                var state = bucket.Snapshot();
                readings.Add(new LimitReading(kind, state.Limit, state.Limit - state.Remaining, state.Remaining, now + state.ResetAfter));
            }
            else if (Set.Budget(kind) is { } budget)
            {
                var state = budget.Snapshot();
                readings.Add(new LimitReading(kind, state.Limit, state.Used, state.Remaining, state.Window.End));
            }
        }

        return [.. readings];
    }

    /// <summary>The <c>x-ratelimit-*</c> headers of this scope's buckets (none when it has no rate limits).</summary>
    public KeyValuePair<string, string>[] Headers() => [.. _admission.Headers().ToPairs()];

    private Admission Build(Limits limits) => _scope == LimitScope.Key
        ? new Admission(new LimitSet(LimitScope.Key, limits, _time), LimitSet.None(LimitScope.Tenant), _time)
        : new Admission(LimitSet.None(LimitScope.Key), new LimitSet(LimitScope.Tenant, limits, _time), _time);

    private OpenReservation? Find(Guid id) =>
        _one is { } one && one.Id == id ? one
        : _more is not null && _more.TryGetValue(id, out var open) ? open
        : null;

    private OpenReservation? Remove(Guid id)
    {
        if (_one is { } one && one.Id == id)
        {
            _one = null;
            return one;
        }

        return _more is not null && _more.Remove(id, out var open) ? open : null;
    }

    /// <summary>A reservation waiting for its settlement, and the other grain's reservation for the same request.</summary>
    private sealed class OpenReservation(Guid id, Reservation reservation, DateTimeOffset at)
    {
        public Guid Id { get; } = id;

        public Reservation Reservation { get; } = reservation;

        public DateTimeOffset At { get; } = at;

        public Guid Linked { get; set; }
    }
}
