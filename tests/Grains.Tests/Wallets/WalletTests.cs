using GatoLink.Grains.Tests.Quotas;
using GatoLink.Grains.Abstractions.Model;
using GatoLink.Grains.Abstractions.Quotas;
using GatoLink.Grains.Billing;
using GatoLink.Grains.Wallets;

namespace GatoLink.Grains.Tests.Wallets;

/// <summary>The wallet's arithmetic: reserve what the balance pays for, settle the actual cost, never below zero.</summary>
public sealed class WalletTests
{
    // 1 micro-dollar per input token, 2 per output token.
    private static readonly ModelPrice Price = new("m", 1_000_000, 2_000_000, DateTimeOffset.MinValue);

    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void AReservationIsCappedToWhatTheBalancePaysForAndRefusedWhenNotOneTokenFits()
    {
        var wallet = new Wallet(_time.GetUtcNow(), 1_000, _time);

        var first = wallet.TryReserve(Guid.NewGuid(), Price, promptTokens: 100, maxTokens: 300);
        var second = wallet.TryReserve(Guid.NewGuid(), Price, promptTokens: 100, maxTokens: 300);
        var third = wallet.TryReserve(Guid.NewGuid(), Price, promptTokens: 100, maxTokens: 300);

        Assert.Equal((true, 700L, 300L), (first.Reserved, first.AmountMicros, first.OutputTokens));
        Assert.Equal((true, 300L, 100L), (second.Reserved, second.AmountMicros, second.OutputTokens));
        Assert.False(third.Reserved);
        Assert.Equal(0, wallet.AvailableMicros);
    }

    [Fact]
    public void SettlingReplacesTheReservationByTheActualCostOnceEvenWhenSentAgain()
    {
        var wallet = new Wallet(_time.GetUtcNow(), 1_000, _time);
        var id = Guid.NewGuid();
        wallet.TryReserve(id, Price, 100, 300);

        var settlement = new Settlement(id, 100, 50, 200);
        wallet.Settle(settlement);
        wallet.Settle(settlement);

        var state = wallet.Read(lowBalanceMicros: 900);
        Assert.Equal((1_000L, 200L, 0L, 800L), (state.CreditedMicros, state.SpentMicros, state.ReservedMicros, state.BalanceMicros));
        Assert.True(state.Low);
    }

    [Fact]
    public void TheSameAdmissionSentAgainFindsItsReservationInsteadOfTakingASecond()
    {
        var wallet = new Wallet(_time.GetUtcNow(), 1_000, _time);
        var id = Guid.NewGuid();

        var first = wallet.TryReserve(id, Price, 100, 300);
        var again = wallet.TryReserve(id, Price, 100, 300);

        Assert.Equal(first, again);
        Assert.Equal(300, wallet.AvailableMicros);
    }

    [Fact]
    public void TheSeedCountsTheLedgerBeforeItsMomentAndSettlementsOnlyWhatIsStampedFromThen()
    {
        var opened = _time.GetUtcNow();
        var wallet = new Wallet(opened, 10_000, _time);
        _time.Advance(TimeSpan.FromMinutes(5));
        var seedAt = _time.GetUtcNow();
        wallet.SeedAt(seedAt, new SpentTotals(0, 0, 0, WalletCostMicros: 1_500));

        // A request of an earlier activation: one part before the seed (in it already), one after.
        wallet.Settle(Settlement.Of(Guid.NewGuid(), Guid.Empty,
            [new UsagePart(seedAt.AddSeconds(-1), 10, 10, 30), new UsagePart(seedAt.AddSeconds(1), 10, 10, 70)]));

        Assert.Equal(1_570, wallet.Read(null).SpentMicros);
    }

    [Fact]
    public void AnExpiredReservationStaysTakenSoALostSettlementNeverFreesCredit()
    {
        var wallet = new Wallet(_time.GetUtcNow(), 1_000, _time);
        wallet.TryReserve(Guid.NewGuid(), Price, 100, 300);
        _time.Advance(TimeSpan.FromHours(1));

        Assert.Equal(1, wallet.ExpireOpen(TimeSpan.FromMinutes(10)));
        Assert.Equal(300, wallet.AvailableMicros);
        Assert.Equal(0, wallet.Read(null).ReservedMicros);
    }

    [Fact]
    public void ACacheHitReservesTheCachePriceAndIsRefusedWhenTheBalanceCannotPayIt()
    {
        var wallet = new Wallet(_time.GetUtcNow(), 1_000, _time);
        var price = Price with { CacheHitMicros = 600 };

        var hit = wallet.TryReserve(Guid.NewGuid(), price, promptTokens: 0, maxTokens: 0);
        var free = wallet.TryReserve(Guid.NewGuid(), Price, promptTokens: 0, maxTokens: 0);
        var refused = wallet.TryReserve(Guid.NewGuid(), price, promptTokens: 0, maxTokens: 0);

        Assert.Equal((true, 600L, 0L), (hit.Reserved, hit.AmountMicros, hit.OutputTokens));
        Assert.Equal((true, 0L), (free.Reserved, free.AmountMicros));
        Assert.False(refused.Reserved);
        Assert.Equal(400, wallet.AvailableMicros);
    }
}
