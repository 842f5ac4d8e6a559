using GatoLink.Grains.Abstractions.Keys;
using GatoLink.Grains.Abstractions.Model;
using GatoLink.Grains.Abstractions.Quotas;
using GatoLink.Grains.Quotas;

namespace GatoLink.Grains.Tests.Quotas;

/// <summary>
/// Calls sent again: Orleans can run a call on a grain's new activation and still fail it at the caller (the silo it
/// was addressed to left), and the gateway sends it again. Neither an admission nor a settlement may count twice.
/// </summary>
public sealed class ScopeLimiterRetryTests
{
    // 1 micro-dollar per token both ways: 10 prompt + 40 output tokens cost 50 micros.
    private static readonly ModelPrice Price = new("m", 1_000_000, 1_000_000, DateTimeOffset.UnixEpoch);

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 31, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public void AnAdmissionSentAgainGetsTheSameReservationAndTakesNothingMore()
    {
        var limiter = Limiter();
        var request = new AdmitRequest(10, 40, Price, TenantLimited: false, Guid.NewGuid());
        var first = limiter.Admit(request);
        var again = limiter.Admit(request);

        Assert.Equal(request.ReservationId, first.ReservationId);
        Assert.Equal(first.ReservationId, again.ReservationId);
        Assert.Equal(first.MaxTokens, again.MaxTokens);
        Assert.Equal(1, limiter.OpenReservations);
        Assert.Equal(50, Used(limiter, LimitKind.DailyCost));
        Assert.Equal(1, Used(limiter, LimitKind.Requests));
    }

    [Fact]
    public void ASettlementSentAgainCountsOnceWhetherItsReservationWasOpenHereOrNot()
    {
        var limiter = Limiter();
        var admitted = limiter.Admit(new AdmitRequest(10, 40, Price, TenantLimited: false, Guid.NewGuid()));
        var settlement = Settlement.Of(admitted.ReservationId, Guid.Empty, [new UsagePart(_time.GetUtcNow(), 10, 20, 30)]);
        Assert.True(limiter.Settle(settlement));
        Assert.False(limiter.Settle(settlement));
        Assert.Equal(30, Used(limiter, LimitKind.DailyCost));

        // A reservation an earlier activation made: booked once, the repeat ignored.
        var earlier = Settlement.Of(Guid.NewGuid(), Guid.Empty, [new UsagePart(_time.GetUtcNow(), 5, 5, 10)]);
        limiter.Settle(earlier);
        _time.Advance(TimeSpan.FromSeconds(9));
        limiter.Settle(earlier);
        Assert.Equal(40, Used(limiter, LimitKind.DailyCost));
    }

    [Fact]
    public void SettledIdsAreForgottenAfterTheRetention()
    {
        var limiter = Limiter();
        var settlement = Settlement.Of(Guid.NewGuid(), Guid.Empty, [new UsagePart(_time.GetUtcNow(), 5, 5, 10)]);
        limiter.Settle(settlement);
        _time.Advance(SettledIds.Retention + TimeSpan.FromSeconds(1));

        // Long past any resend: the same id is a new settlement (ids are never reused by the gateway).
        limiter.Settle(settlement);
        Assert.Equal(20, Used(limiter, LimitKind.DailyCost));
    }

    private ScopeLimiter Limiter() => new(LimitScope.Key, new Limits(RequestsPerMinute: 100, DailyCostMicros: 10_000), _time);

    private static long Used(ScopeLimiter limiter, LimitKind kind) => limiter.Read().Single(r => r.Kind == kind).Used;
}
