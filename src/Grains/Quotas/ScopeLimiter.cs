using GatoLink.Grains.Abstractions.Keys;
using GatoLink.Grains.Abstractions.Quotas;

namespace GatoLink.Grains.Quotas;

/// <summary>
/// The limits of one key or one tenant and its open reservations: <see cref="Admission"/>'s check-and-reserve over one
/// <see cref="LimitSet"/>, plus what a grain needs around it — reservations named by id, a limit change that keeps the
/// counts of the current windows, usage seeded from the ledger, readings. Single-threaded: its grain's turn.
/// </summary>
public sealed class ScopeLimiter
{
    private static readonly LimitKind[] Kinds = [LimitKind.Requests, LimitKind.Tokens, LimitKind.DailyCost, LimitKind.MonthlyCost, LimitKind.MonthlyTokens];

    private readonly Dictionary<Guid, OpenReservation> _open = [];
    private long _expiredAt;
    private readonly LimitScope _scope;
    private readonly TimeProvider _time;
    private Admission _admission;

    /// <summary>Builds the limiters of <paramref name="limits"/>, all unused.</summary>
    public ScopeLimiter(LimitScope scope, Limits limits, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(limits);
        _scope = scope;
        _time = time;
        Limits = limits;
        _admission = Build(limits);
    }

    /// <summary>The limits in force.</summary>
    public Limits Limits { get; private set; }

    /// <summary>Reservations not yet settled.</summary>
    public int OpenReservations => _open.Count;

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

        var id = Guid.NewGuid();
        _open[id] = new OpenReservation(reservation, _time.GetUtcNow());
        return new AdmitResult(id, reservation.MaxTokens, reservation.WasCapped, null, headers);
    }

    /// <summary>Books the actual usage of a reservation; false when it is unknown or already closed.</summary>
    public bool Settle(Settlement settlement)
    {
        ArgumentNullException.ThrowIfNull(settlement);
        return _open.Remove(settlement.ReservationId, out var open)
            && _admission.Settle(open.Reservation, settlement.PromptTokens, settlement.CompletionTokens, settlement.CostMicros);
    }

    /// <summary>Gives back everything a reservation took, the request included (it never ran).</summary>
    public bool Rollback(Guid reservationId) =>
        _open.Remove(reservationId, out var open) && _admission.Rollback(open.Reservation);

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
        var cutoff = _time.GetUtcNow() - maxAge;
        var expired = 0;
        foreach (var (id, open) in _open)
        {
            if (open.At < cutoff && _open.Remove(id))
            {
                expired++;
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
        Limits = limits;
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
        ? new Admission(new LimitSet(LimitScope.Key, limits, _time), new LimitSet(LimitScope.Tenant, Limits.None, _time), _time)
        : new Admission(new LimitSet(LimitScope.Key, Limits.None, _time), new LimitSet(LimitScope.Tenant, limits, _time), _time);

    private readonly record struct OpenReservation(Reservation Reservation, DateTimeOffset At);
}
