using GatoLink.Grains.Quotas;

namespace GatoLink.Grains.Tests.Quotas;

public sealed class LeasedCounterTests
{
    private static readonly QuotaId Quota = new(LimitScope.Key, "key-1", LimitKind.Requests);

    private readonly FakeTimeProvider _time = new();

    private InMemoryQuotaLeaseStore Store(long remaining)
    {
        var store = new InMemoryQuotaLeaseStore(_time);
        store.Set(Quota, remaining, _time.GetUtcNow().AddDays(1));
        return store;
    }

    private LeasedCounter Silo(IQuotaLeaseStore store, string id, int liveSilos = 3, LeaseOptions? options = null) =>
        new(store, Quota, id, () => liveSilos, options ?? new LeaseOptions(), _time);

    [Fact]
    public async Task ThreeSilosOnOneStoreAdmitExactlyTheCentralLimit()
    {
        var store = Store(100);
        var silos = new[] { Silo(store, "a"), Silo(store, "b"), Silo(store, "c") };
        var admitted = 0;

        await Task.WhenAll(Enumerable.Range(0, 300).Select(i => Task.Run(async () =>
        {
            if (await silos[i % 3].TryAcquireAsync(1))
            {
                Interlocked.Increment(ref admitted);
            }
        })));

        Assert.Equal(100, admitted);
        Assert.Equal(0, store.Remaining(Quota));
        Assert.All(silos, s => Assert.Equal(0, s.Local));
    }

    [Fact]
    public async Task HammeringWithMixedSizesNeverAdmitsMoreThanTheCentralLimit()
    {
        var store = Store(1000);
        var silos = Enumerable.Range(0, 3).Select(i => Silo(store, $"s{i}", options: new LeaseOptions { MinimumGrant = 5 })).ToArray();
        long admitted = 0;

        await Task.WhenAll(Enumerable.Range(0, 3000).Select(i => Task.Run(async () =>
        {
            var units = 1 + (i % 4);
            if (await silos[i % 3].TryAcquireAsync(units))
            {
                Interlocked.Add(ref admitted, units);
            }
        })));

        Assert.True(admitted <= 1000);
        Assert.Equal(1000, admitted + store.Remaining(Quota) + silos.Sum(s => s.Local));
    }

    [Fact]
    public async Task AdmitsSynchronouslyWhileTheSliceLasts()
    {
        var store = Store(1000);
        var silo = Silo(store, "a", liveSilos: 1);
        Assert.True(await silo.TryAcquireAsync(1));
        Assert.Equal(16 - 1, silo.Local);

        var second = silo.TryAcquireAsync(1);
        Assert.True(second.IsCompletedSuccessfully);
        Assert.True(await second);
    }

    [Fact]
    public async Task LowWaterStartsOneBackgroundRefillWithoutBlockingAdmissions()
    {
        var gated = new GatedLeaseStore(Store(1000));
        var silo = Silo(gated, "a", liveSilos: 1);
        Assert.True(await silo.TryAcquireAsync(1)); // first slice: 16
        gated.Close();

        // 15 left, low water at 4: the 13th take leaves 3 and starts the refill; the rest of the slice still admits at once.
        for (var i = 0; i < 15; i++)
        {
            var take = silo.TryAcquireAsync(1);
            Assert.True(take.IsCompletedSuccessfully);
            Assert.True(await take);
        }

        Assert.Equal(2, gated.Acquires);
        Assert.Equal(0, silo.Local);

        var waiting = silo.TryAcquireAsync(1).AsTask();
        Assert.False(waiting.IsCompleted);
        Assert.Equal(2, gated.Acquires);

        gated.Release();
        Assert.True(await waiting);
        Assert.True(silo.Local > 0);
    }

    [Fact]
    public async Task RefillIsSizedToTheRecentRate()
    {
        var store = Store(1_000_000);
        var silo = Silo(store, "a", liveSilos: 1, new LeaseOptions { MinimumGrant = 10, RefillHorizon = TimeSpan.FromSeconds(10) });
        Assert.True(await silo.TryAcquireAsync(1));
        for (var second = 0; second < 30; second++)
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            for (var i = 0; i < 50; i++)
            {
                Assert.True(await silo.TryAcquireAsync(1));
            }
        }

        Assert.InRange(silo.RecentRate, 20, 80);
        Assert.InRange(store.Leased(Quota, "a"), 1501, 1501 + 1000);
    }

    [Fact]
    public async Task ExpiryReturnsTheUnusedSlice()
    {
        var store = Store(100);
        var silo = Silo(store, "a");
        Assert.True(await silo.TryAcquireAsync(1));
        Assert.Equal(84, store.Remaining(Quota));

        Assert.Equal(0, await silo.ExpireIfDueAsync(CancellationToken.None));
        _time.Advance(new LeaseOptions().LeaseDuration);

        Assert.Equal(15, await silo.ExpireIfDueAsync(CancellationToken.None));
        Assert.Equal(99, store.Remaining(Quota));
        Assert.Equal(1, store.Leased(Quota, "a"));
        Assert.Equal(0, silo.Local);
    }

    [Fact]
    public async Task AnExpiredSliceIsReturnedBeforeAdmittingAgain()
    {
        var store = Store(100);
        var silo = Silo(store, "a");
        Assert.True(await silo.TryAcquireAsync(1));
        _time.Advance(TimeSpan.FromMinutes(5));

        Assert.True(await silo.TryAcquireAsync(1));
        Assert.Equal(2, store.Leased(Quota, "a") - silo.Local);
        Assert.Equal(100, store.Remaining(Quota) + store.Leased(Quota, "a"));
    }

    [Fact]
    public async Task ASliceOfAnEndedPeriodIsNotCarriedIntoTheNext()
    {
        var store = new InMemoryQuotaLeaseStore(_time);
        var periodEnd = _time.GetUtcNow().AddSeconds(10);
        store.Set(Quota, 100, periodEnd);
        var silo = Silo(store, "a");
        Assert.True(await silo.TryAcquireAsync(1));

        _time.Advance(TimeSpan.FromSeconds(10));
        store.Set(Quota, 100, periodEnd.AddDays(1));

        Assert.Equal(15, await silo.ExpireIfDueAsync(CancellationToken.None));
        Assert.Equal(100, store.Remaining(Quota));
    }

    [Fact]
    public async Task DisposeReturnsTheUnusedSlice()
    {
        var store = Store(100);
        var silo = Silo(store, "a");
        Assert.True(await silo.TryAcquireAsync(3));
        await silo.DisposeAsync();

        Assert.Equal(97, store.Remaining(Quota));
        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await silo.TryAcquireAsync(1));
    }

    [Fact]
    public async Task RefusesOnlyWhenTheCentralQuotaIsSpent()
    {
        var store = Store(5);
        var a = Silo(store, "a", liveSilos: 2);
        var b = Silo(store, "b", liveSilos: 2);

        Assert.True(await a.TryAcquireAsync(3));
        var admittedByB = 0;
        while (await b.TryAcquireAsync(1))
        {
            admittedByB++;
        }

        // b is refused only once nothing is left centrally; what a refilled in the background stays a's.
        Assert.Equal(0, store.Remaining(Quota));
        Assert.Equal(2, admittedByB + a.Local);
        Assert.True(admittedByB >= 1);
    }

    [Fact]
    public async Task ReleasedUnitsAreAdmittedAgainLocally()
    {
        var store = Store(10);
        var silo = Silo(store, "a", liveSilos: 1);
        Assert.True(await silo.TryAcquireAsync(5));
        silo.Release(5);
        Assert.True(await silo.TryAcquireAsync(5));
    }
}
