using System.Net;
using GatoLink.Grains.Abstractions.Keys;
using GatoLink.Grains.Abstractions.Model;
using GatoLink.Grains.Abstractions.Quotas;
using GatoLink.Grains.Quotas;

namespace GatoLink.Grains.Tests.Quotas;

/// <summary>
/// <c>max_concurrent</c> as a key or tenant grain holds it: a slot per open reservation, given back at settlement,
/// rollback or expiry, and the slots of a silo the cluster declared dead given back when a request needs one.
/// </summary>
public sealed class ConcurrencyLimitTests
{
    private static readonly ModelPrice Price = new("m", 1_000_000, 1_000_000, DateTimeOffset.UnixEpoch);
    private static readonly SiloAddress Alive = SiloAddress.New(new IPEndPoint(IPAddress.Loopback, 11111), 1);
    private static readonly SiloAddress Doomed = SiloAddress.New(new IPEndPoint(IPAddress.Loopback, 11112), 1);

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 31, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public void TheCapRefusesTheNextWithConcurrencyLimitExceededAndASettlementFreesOneSlot()
    {
        var limiter = Limiter(3);
        var admitted = Enumerable.Range(0, 3).Select(_ => limiter.Admit(Request(Alive))).ToList();

        var refused = limiter.Admit(Request(Alive));
        limiter.Settle(new Settlement(admitted[0].ReservationId, 10, 20, 30));
        var afterSettle = limiter.Admit(Request(Alive));
        var fullAgain = limiter.Admit(Request(Alive));

        Assert.All(admitted, a => Assert.True(a.Admitted));
        Assert.False(refused.Admitted);
        Assert.Equal("concurrency_limit_exceeded", refused.Refusal!.Code);
        Assert.Equal(1, refused.Refusal.RetryAfterSeconds);
        Assert.Contains("limit 3", refused.Refusal.Message, StringComparison.Ordinal);
        Assert.True(afterSettle.Admitted);
        Assert.False(fullAgain.Admitted);
        Assert.Equal(3, Reading(limiter).Used);
    }

    [Fact]
    public void ASettlementSentTwiceAndARollbackFreeOnlyTheirOwnSlot()
    {
        var limiter = Limiter(2);
        var first = limiter.Admit(Request(Alive));
        var second = limiter.Admit(Request(Alive));

        var settlement = new Settlement(first.ReservationId, 1, 1, 2);
        limiter.Settle(settlement);
        limiter.Settle(settlement);
        limiter.Rollback(second.ReservationId);

        Assert.Equal(0, Reading(limiter).Used);
        Assert.True(limiter.Admit(Request(Alive)).Admitted);
        Assert.True(limiter.Admit(Request(Alive)).Admitted);
        Assert.False(limiter.Admit(Request(Alive)).Admitted);
    }

    [Fact]
    public void SlotsOfADeadSiloComeBackWhenARequestNeedsOneAndTheLivingOnesStay()
    {
        var limiter = Limiter(3);
        limiter.Admit(Request(Doomed));
        limiter.Admit(Request(Doomed));
        limiter.Admit(Request(Alive));
        var dead = new HashSet<SiloAddress>();

        var whileAlive = limiter.Admit(Request(Alive), dead.Contains);
        dead.Add(Doomed);
        var afterDeath = Enumerable.Range(0, 3).Select(_ => limiter.Admit(Request(Alive), dead.Contains)).ToList();

        Assert.False(whileAlive.Admitted);
        Assert.Equal([true, true, false], afterDeath.Select(a => a.Admitted));
        Assert.Equal(3, Reading(limiter).Used);
    }

    [Fact]
    public void ARaisedCapKeepsTheRunningRequestsAndAnExpiredReservationGivesItsSlotBack()
    {
        var limiter = Limiter(1);
        limiter.Admit(Request(Alive));

        limiter.Apply(new Limits(MaxConcurrent: 2));
        var second = limiter.Admit(Request(Alive));
        var third = limiter.Admit(Request(Alive));
        _time.Advance(ReservationTimer.MaxAge + TimeSpan.FromMinutes(1));
        limiter.ExpireOpenIfDue();
        var afterExpiry = limiter.Admit(Request(Alive));

        Assert.True(second.Admitted);
        Assert.False(third.Admitted);
        Assert.True(afterExpiry.Admitted);
        Assert.Equal(new Limits(MaxConcurrent: 2), limiter.Limits);
    }

    private ScopeLimiter Limiter(int slots) => new(LimitScope.Key, new Limits(MaxConcurrent: slots), _time);

    private static AdmitRequest Request(SiloAddress silo) => new(10, 20, Price, TenantLimited: false, Guid.NewGuid(), silo);

    private static LimitReading Reading(ScopeLimiter limiter) => limiter.Read().Single(r => r.Kind == LimitKind.Concurrent);
}
