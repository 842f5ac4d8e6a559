using GatoLink.Grains.Billing;

namespace GatoLink.Grains.Quotas;

/// <summary>
/// Rebuilds a key's or tenant's budgets from the ledger when its grain activates, so that a deactivation, a move to
/// another silo or a crash never resets a budget — and, once the ledger has caught up, makes them exact.
/// </summary>
/// <remarks>
/// At activation (time T) the ledger may still lack usage recorded shortly before T: events waiting in a silo's spool
/// or on the usage stream. The seed therefore counts only usage stamped before T (<see cref="ILedgerSeeded.SeedAt"/>:
/// settlements count what is stamped from T on), and is read twice: at once, so the grain can admit, and again once
/// every live silo has billed everything it recorded before T (<see cref="ILedgerWatermark"/>), adding what arrived
/// in between. Each usage event is then counted exactly once, by the seed or by a settlement.
/// </remarks>
public sealed class LedgerSeed
{
    private readonly ILedgerSeeded _limiter;
    private readonly ILedgerBalances _ledger;
    private readonly Guid _tenantId;
    private readonly Guid? _keyId;
    private readonly DateTimeOffset _from;
    private SpentTotals _counted;

    private LedgerSeed(ILedgerSeeded limiter, ILedgerBalances ledger, Guid tenantId, Guid? keyId, DateTimeOffset from)
    {
        _limiter = limiter;
        _ledger = ledger;
        _tenantId = tenantId;
        _keyId = keyId;
        _from = from;
    }

    /// <summary>The moment the seed counts up to (exclusive): the activation's.</summary>
    public DateTimeOffset From => _from;

    /// <summary>Whether the seed is final: the ledger was read after it held everything recorded before <see cref="From"/>, or there is nothing to seed.</summary>
    public bool Complete { get; private set; }

    /// <summary>
    /// Seeds the budgets and rate buckets of <paramref name="limiter"/> (when it has any) with the ledger's usage before
    /// <paramref name="now"/> as the ledger holds it now: a grain that moved (a silo killed, say) does not hand out a
    /// fresh minute of requests that the ledger shows were just spent.
    /// </summary>
    public static async Task<LedgerSeed> StartAsync(ILedgerSeeded limiter, ILedgerBalances ledger, Guid tenantId, Guid? keyId, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(limiter);
        ArgumentNullException.ThrowIfNull(ledger);
        // Whole milliseconds: the ledger keeps timestamps to the millisecond (SQLite) or microsecond (PostgreSQL), so
        // "stamped before" means the same on both sides of the seed.
        var from = new DateTimeOffset(now.UtcTicks - (now.UtcTicks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);
        var seed = new LedgerSeed(limiter, ledger, tenantId, keyId, from);
        if (!limiter.HasLedgerState)
        {
            seed.Complete = true;
            return seed;
        }

        await seed.ReadAsync(ct);
        return seed;
    }

    /// <summary>Whether the ledger now holds everything recorded before <see cref="From"/>, by the cluster's mark.</summary>
    public bool CanComplete(DateTimeOffset? billedBefore) => !Complete && billedBefore is { } mark && mark >= _from;

    /// <summary>Reads the ledger again and counts what it gained since the first read; the seed is then final.</summary>
    public async Task CompleteAsync(CancellationToken ct)
    {
        await ReadAsync(ct);
        Complete = true;
    }

    // The limiter takes the difference in one synchronous step after the read: admissions interleaving with the read
    // (a reentrant key grain) see the earlier seed, never a count taken twice.
    private async Task ReadAsync(CancellationToken ct)
    {
        var spent = await _limiter.ReadLedgerAsync(_ledger, _tenantId, _keyId, _from, ct);
        _limiter.SeedAt(_from, spent - _counted);
        _counted = spent;
    }
}
