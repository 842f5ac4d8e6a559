using GatoLink.Grains.Abstractions.Keys;
using GatoLink.Grains.Abstractions.Model;
using GatoLink.Grains.Abstractions.Quotas;
using GatoLink.Grains.Billing;
using GatoLink.Grains.Quotas;

namespace GatoLink.Grains.Tests.Quotas;

/// <summary>
/// A budget rebuilt from a ledger that is still catching up: usage stamped before the activation comes from the
/// ledger (read again once it is complete), usage stamped after from settlements — each counted exactly once.
/// </summary>
public sealed class LedgerSeedTests
{
    // 1 micro-dollar per token both ways.
    private static readonly ModelPrice Price = new("m", 1_000_000, 1_000_000, DateTimeOffset.UnixEpoch);
    private static readonly DateTimeOffset Activation = new(2026, 3, 31, 12, 0, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider _time = new(Activation);
    private readonly Ledger _ledger = new();

    [Fact]
    public async Task TheSeedCountsWhatTheLedgerHeldAndCompletingAddsOnlyWhatArrivedSince()
    {
        var limiter = Limiter(new Limits(DailyCostMicros: 10_000, MonthlyCostMicros: 100_000, MonthlyTokens: 100_000));
        _ledger.Add(Activation.AddHours(-1), 100);
        _ledger.Add(Activation.AddDays(-2), 1_000);
        var seed = await LedgerSeed.StartAsync(limiter, _ledger, Guid.NewGuid(), Guid.NewGuid(), Activation, CancellationToken.None);
        Assert.Equal((100, 1_100, 1_100), Used(limiter));

        // Events of the last moments before the activation reach the ledger late, with one stamped after it.
        _ledger.Add(Activation.AddMilliseconds(-30), 7);
        _ledger.Add(Activation.AddMilliseconds(5), 11);
        Assert.False(seed.CanComplete(null));
        Assert.False(seed.CanComplete(Activation.AddMilliseconds(-1)));
        Assert.True(seed.CanComplete(Activation));
        await seed.CompleteAsync(CancellationToken.None);

        Assert.True(seed.Complete);
        Assert.False(seed.CanComplete(Activation.AddHours(1)));
        Assert.Equal((107, 1_107, 1_107), Used(limiter));
    }

    [Fact]
    public async Task ASettlementCountsOnlyItsPartsStampedFromTheSeedOnWhetherOrNotItsReservationIsKnown()
    {
        var limiter = Limiter(new Limits(DailyCostMicros: 10_000));
        await LedgerSeed.StartAsync(limiter, _ledger, Guid.NewGuid(), Guid.NewGuid(), Activation, CancellationToken.None);

        // Admitted by an earlier activation: two attempts, the first billed before this activation (it is in the seed).
        var unknown = Settlement.Of(Guid.NewGuid(), Guid.Empty, [Part(Activation.AddMilliseconds(-3), 20), Part(Activation.AddMilliseconds(40), 30)]);
        Assert.False(limiter.Settle(unknown));
        Assert.Equal(30, Used(limiter).Day);

        // Admitted here: the reservation is replaced by the parts from the seed on.
        _time.Advance(TimeSpan.FromSeconds(1));
        var admitted = limiter.Admit(new AdmitRequest(10, 40, Price, TenantLimited: false));
        Assert.Equal(80, Used(limiter).Day);
        Assert.True(limiter.Settle(Settlement.Of(admitted.ReservationId, Guid.Empty, [Part(_time.GetUtcNow(), 45)])));
        Assert.Equal(75, Used(limiter).Day);

        // The same settlement again is unknown now and would count twice: the gateway settles once per request.
        Assert.False(limiter.Settle(Settlement.Of(admitted.ReservationId, Guid.Empty, [Part(Activation.AddMilliseconds(-1), 1_000)])));
        Assert.Equal(75, Used(limiter).Day);
    }

    [Fact]
    public async Task AnUnknownSettlementOfYesterdayDoesNotCountInTodaysBudget()
    {
        var limiter = Limiter(new Limits(DailyCostMicros: 10_000, MonthlyCostMicros: 100_000));
        await LedgerSeed.StartAsync(limiter, _ledger, Guid.NewGuid(), Guid.NewGuid(), Activation, CancellationToken.None);
        _time.Advance(TimeSpan.FromHours(13));

        // Stamped 23:59 on the 31st, settled after midnight on April 1st: neither today's nor this month's.
        limiter.Settle(Settlement.Of(Guid.NewGuid(), Guid.Empty, [Part(new DateTimeOffset(2026, 3, 31, 23, 59, 0, TimeSpan.Zero), 25)]));
        Assert.Equal((0, 0, 0), Used(limiter));
    }

    [Fact]
    public async Task WithoutLimitsTheLedgerIsNotReadAndTheSeedIsComplete()
    {
        var limiter = Limiter(Limits.None);
        var seed = await LedgerSeed.StartAsync(limiter, _ledger, Guid.NewGuid(), null, Activation, CancellationToken.None);
        Assert.True(seed.Complete);
        Assert.Equal(0, _ledger.Reads);
    }

    [Fact]
    public async Task AMovedGrainsRateBucketsStartWithTheLastMinuteTheLedgerShowsTakenNotFull()
    {
        // The silo holding the key died: the ledger shows 6 requests of 100 tokens in the last minute, one older.
        var limiter = Limiter(new Limits(RequestsPerMinute: 10, TokensPerMinute: 1_000));
        _ledger.Add(Activation.AddSeconds(-61), 100);
        for (var i = 0; i < 6; i++)
        {
            _ledger.Add(Activation.AddSeconds(-50 + i), 100);
        }

        var seed = await LedgerSeed.StartAsync(limiter, _ledger, Guid.NewGuid(), Guid.NewGuid(), Activation, CancellationToken.None);
        Assert.Equal((6, 600), RateUsed(limiter));

        // One more reaches the ledger late (stamped before the activation): completing the seed takes it too.
        _ledger.Add(Activation.AddMilliseconds(-10), 100);
        await seed.CompleteAsync(CancellationToken.None);
        Assert.Equal((7, 700), RateUsed(limiter));

        // A request the old activation admitted settles here: its request and tokens are taken now; one the seed
        // already counted (its attempt stamped before the activation) only adds the tokens stamped after it.
        limiter.Settle(Settlement.Of(Guid.NewGuid(), Guid.Empty, [Part(Activation.AddMilliseconds(20), 50)]));
        Assert.Equal((8, 750), RateUsed(limiter));
        limiter.Settle(Settlement.Of(Guid.NewGuid(), Guid.Empty, [Part(Activation.AddMilliseconds(-5), 40), Part(Activation.AddMilliseconds(30), 10)]));
        Assert.Equal((8, 760), RateUsed(limiter));

        // Two requests left in this minute, not ten.
        var admitted = 0;
        while (limiter.Admit(new AdmitRequest(1, 1, Price, TenantLimited: false)).Admitted)
        {
            admitted++;
        }

        Assert.Equal(2, admitted);
    }

    [Fact]
    public async Task TheSeedsMomentIsAWholeMillisecondSoThatBothLedgersCutAtTheSamePlace()
    {
        var limiter = Limiter(new Limits(DailyCostMicros: 10_000));
        var seed = await LedgerSeed.StartAsync(limiter, _ledger, Guid.NewGuid(), null, Activation.AddTicks(12_345), CancellationToken.None);
        Assert.Equal(Activation.AddMilliseconds(1), seed.From);
        Assert.Equal(seed.From, _ledger.LastBefore);
    }

    private ScopeLimiter Limiter(Limits limits) => new(LimitScope.Key, limits, _time);

    private static UsagePart Part(DateTimeOffset at, long cost) => new(at, cost / 2, cost - (cost / 2), cost);

    private static (long Requests, long Tokens) RateUsed(ScopeLimiter limiter)
    {
        var readings = limiter.Read();
        return (readings.Single(r => r.Kind == LimitKind.Requests).Used, readings.Single(r => r.Kind == LimitKind.Tokens).Used);
    }

    private static (long Day, long Month, long Tokens) Used(ScopeLimiter limiter)
    {
        var readings = limiter.Read();
        long Of(LimitKind kind) => readings.SingleOrDefault(r => r.Kind == kind)?.Used ?? 0;
        return (Of(LimitKind.DailyCost), Of(LimitKind.MonthlyCost), Of(LimitKind.MonthlyTokens));
    }

    /// <summary>A ledger of (timestamp, cost) rows, one request each, tokens equal to cost, answering as the real stores do.</summary>
    private sealed class Ledger : ILedgerBalances
    {
        private readonly List<(DateTimeOffset At, long Cost)> _rows = [];

        public int Reads { get; private set; }

        public DateTimeOffset LastBefore { get; private set; }

        public void Add(DateTimeOffset at, long cost) => _rows.Add((at, cost));

        public Task<SpentTotals> SpentBeforeAsync(Guid tenantId, Guid? keyId, DateTimeOffset before, CancellationToken ct)
        {
            Reads++;
            LastBefore = before;
            var day = BudgetWindow.For(BudgetPeriod.Day, before);
            var month = BudgetWindow.For(BudgetPeriod.Month, before);
            var today = _rows.Where(r => r.At < before && day.Contains(r.At)).Sum(r => r.Cost);
            var inMonth = _rows.Where(r => r.At < before && month.Contains(r.At)).Sum(r => r.Cost);
            var minute = _rows.Where(r => r.At < before && r.At >= before.AddMinutes(-1)).ToList();
            return Task.FromResult(new SpentTotals(today, inMonth, inMonth, MinuteRequests: minute.Count, MinuteTokens: minute.Sum(r => r.Cost)));
        }

        public Task<long> CostSinceAsync(Guid tenantId, DateTimeOffset since, DateTimeOffset before, CancellationToken ct)
        {
            Reads++;
            LastBefore = before;
            return Task.FromResult(_rows.Where(r => r.At >= since && r.At < before).Sum(r => r.Cost));
        }
    }
}
