using GatoLink.Grains.Abstractions.Model;
using GatoLink.Grains.Abstractions.Quotas;
using GatoLink.Grains.Abstractions.Wallets;
using GatoLink.Grains.Billing;
using GatoLink.Grains.Quotas;

namespace GatoLink.Grains.Wallets;

/// <summary>
/// A prepaid tenant's balance as its tenant grain holds it: credits (the stored top-ups), spent (the ledger's cost of
/// the tenant's usage since the wallet opened, then settlements) and the reservations of requests in flight. Admission
/// reserves the request's worst-case cost, capping max_tokens to what the balance pays for, exactly like a cost
/// budget; settlement replaces the reservation by the actual cost. Single-threaded: its grain's turn.
/// </summary>
/// <remarks>
/// The balance never goes below zero: a reservation is at most what is available, and a request's actual cost is at
/// most its reservation (max_tokens is capped to it). A reservation whose settlement never came stays reserved, so a
/// lost settlement never frees credit that was spent; the next activation counts the ledger instead.
/// </remarks>
public sealed class Wallet : ILedgerSeeded
{
    private readonly Dictionary<Guid, (long Micros, long OutputTokens, DateTimeOffset At)> _open = [];
    private readonly TimeProvider _time;
    private SettledIds? _settled;
    private DateTimeOffset _countsFrom;
    private long _credited;
    private long _spent;
    private long _reserved;
    private long _expired;

    /// <summary>A wallet that opened at <paramref name="since"/> with <paramref name="creditedMicros"/> credited and nothing spent yet.</summary>
    public Wallet(DateTimeOffset since, long creditedMicros, TimeProvider time)
    {
        Since = since;
        _countsFrom = since;
        _credited = creditedMicros;
        _time = time;
    }

    /// <summary>When the wallet opened: usage from then on is debited.</summary>
    public DateTimeOffset Since { get; }

    /// <summary>What a new request may reserve now.</summary>
    public long AvailableMicros => _credited - _spent - _reserved - _expired;

    /// <inheritdoc />
    public bool HasLedgerState => true;

    /// <summary>
    /// Reserves the cost of the prompt and <paramref name="maxTokens"/> output tokens, or of as many as the balance
    /// pays for (at least one); refuses when it cannot pay for one. A request for no tokens at all (an answer from the
    /// response cache) reserves the model's cache price instead. The same id again answers the first claim.
    /// </summary>
    public WalletClaim TryReserve(Guid reservationId, ModelPrice price, long promptTokens, long maxTokens)
    {
        ArgumentNullException.ThrowIfNull(price);
        if (_open.TryGetValue(reservationId, out var again))
        {
            return new WalletClaim(true, again.Micros, again.OutputTokens);
        }

        // An answer from the response cache asks for no tokens: it pays the model's cache price per hit.
        var hit = promptTokens == 0 && maxTokens == 0;
        var tokens = hit ? 0 : Math.Min(maxTokens, CostCap.AffordableOutputTokens(price, promptTokens, AvailableMicros));
        if (hit ? price.CacheHitMicros > AvailableMicros : tokens < 1)
        {
            return new WalletClaim(false, 0, 0);
        }

        var micros = hit ? price.CacheHitMicros : price.CostMicros(promptTokens, tokens);
        _reserved += micros;
        _open[reservationId] = (micros, tokens, _time.GetUtcNow());
        return new WalletClaim(true, micros, tokens);
    }

    /// <summary>Gives back a reservation of a request that did not run.</summary>
    public void Release(Guid reservationId)
    {
        if (_open.Remove(reservationId, out var open))
        {
            _reserved -= open.Micros;
        }
    }

    /// <summary>
    /// Debits what a request cost: the parts stamped from the seed's moment and the wallet's opening on (the rest is in
    /// the seed), releasing its reservation. A settlement seen in the last <see cref="SettledIds.Retention"/> counts nothing.
    /// </summary>
    public void Settle(Settlement settlement)
    {
        ArgumentNullException.ThrowIfNull(settlement);
        var now = _time.GetTimestamp();
        if (_settled is not null && !_settled.Forget(now, _time))
        {
            _settled = null;
        }

        if (_settled is not null && _settled.Contains(settlement.ReservationId))
        {
            return;
        }

        (_settled ??= new SettledIds()).Add(settlement.ReservationId, now);
        Release(settlement.ReservationId);
        _spent += settlement.CountedFrom(_countsFrom > Since ? _countsFrom : Since).CostMicros;
    }

    /// <summary>Credits a stored top-up or adjustment.</summary>
    public void Credit(long micros) => _credited += micros;

    /// <summary>
    /// Forgets reservations older than <paramref name="maxAge"/> whose settlement never came; what they reserved stays
    /// taken until the grain is activated again and reads the ledger.
    /// </summary>
    public int ExpireOpen(TimeSpan maxAge)
    {
        var cutoff = _time.GetUtcNow() - maxAge;
        var expired = 0;
        foreach (var (id, open) in _open)
        {
            if (open.At < cutoff && _open.Remove(id))
            {
                _reserved -= open.Micros;
                _expired += open.Micros;
                expired++;
            }
        }

        return expired;
    }

    /// <summary>The wallet now.</summary>
    public WalletState Read(long? lowBalanceMicros) => new(true, _credited, _spent + _expired, _reserved, lowBalanceMicros);

    /// <inheritdoc />
    public async Task<SpentTotals> ReadLedgerAsync(ILedgerBalances ledger, Guid tenantId, Guid? keyId, DateTimeOffset before, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        return new SpentTotals(0, 0, 0, await ledger.CostSinceAsync(tenantId, Since, before, ct));
    }

    /// <inheritdoc />
    public void SeedAt(DateTimeOffset from, SpentTotals spent)
    {
        _countsFrom = from;
        _spent += spent.WalletCostMicros;
    }
}
