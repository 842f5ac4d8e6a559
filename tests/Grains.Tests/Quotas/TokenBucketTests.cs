using GatoLink.Grains.Quotas;

namespace GatoLink.Grains.Tests.Quotas;

public sealed class TokenBucketTests
{
    [Fact]
    public void StartsFullAndRefusesPastCapacityWithTimeUntilOneUnit()
    {
        var time = new FakeTimeProvider();
        var bucket = new TokenBucket(10, 10, time);

        for (var i = 0; i < 10; i++)
        {
            Assert.True(bucket.TryTake(1).Taken);
        }

        var refused = bucket.TryTake(1);
        Assert.False(refused.Taken);
        Assert.Equal(0, refused.Remaining);
        Assert.Equal(TimeSpan.FromSeconds(6), refused.RetryAfter);
    }

    [Fact]
    public void RefillsLazilyAndExactlyAtTheAnnouncedInstant()
    {
        var time = new FakeTimeProvider();
        var bucket = new TokenBucket(10, 10, time);
        Assert.True(bucket.TryTake(10).Taken);

        time.Advance(TimeSpan.FromSeconds(6) - TimeSpan.FromTicks(1));
        Assert.False(bucket.TryTake(1).Taken);
        Assert.Equal(TimeSpan.FromTicks(1), bucket.TryTake(1).RetryAfter);

        time.Advance(TimeSpan.FromTicks(1));
        Assert.True(bucket.TryTake(1).Taken);
        Assert.False(bucket.TryTake(1).Taken);
    }

    [Fact]
    public void RefillHasNoDriftOverManySmallSteps()
    {
        var time = new FakeTimeProvider();
        var bucket = new TokenBucket(7, 7, time);
        Assert.True(bucket.TryTake(7).Taken);

        // 7 per minute is not a whole number of ticks per unit: 70 steps of 8_571_428 ticks = one minute minus 40 ticks.
        for (var i = 0; i < 70; i++)
        {
            time.Advance(TimeSpan.FromTicks(8_571_428));
            bucket.Snapshot();
        }

        Assert.Equal(6, bucket.Snapshot().Remaining);
        time.Advance(TimeSpan.FromTicks(40));
        Assert.Equal(7, bucket.Snapshot().Remaining);
    }

    [Fact]
    public void NeverExceedsCapacity()
    {
        var time = new FakeTimeProvider();
        var bucket = new TokenBucket(10, 10, time);
        time.Advance(TimeSpan.FromHours(5));
        Assert.Equal(10, bucket.Snapshot().Remaining);

        bucket.Return(5);
        Assert.Equal(10, bucket.Snapshot().Remaining);
        Assert.False(bucket.TryTake(11).Taken);
        Assert.True(bucket.TryTake(10).Taken);
    }

    [Fact]
    public void MoreThanCapacityIsNeverAvailable()
    {
        var bucket = new TokenBucket(10, 10, new FakeTimeProvider());
        Assert.Equal(TimeSpan.MaxValue, bucket.TryTake(11).RetryAfter);
    }

    [Fact]
    public void ReturnGivesBackReleasedUnits()
    {
        var bucket = new TokenBucket(100, 100, new FakeTimeProvider());
        Assert.True(bucket.TryTake(80).Taken);
        bucket.Return(30);
        Assert.Equal(50, bucket.Snapshot().Remaining);
    }

    [Fact]
    public void ChargeBeyondLevelIsDebtPaidByRefill()
    {
        var time = new FakeTimeProvider();
        var bucket = new TokenBucket(60, 60, time);
        bucket.Charge(90);

        Assert.Equal(0, bucket.Snapshot().Remaining);
        var refused = bucket.TryTake(1);
        Assert.False(refused.Taken);
        Assert.Equal(TimeSpan.FromSeconds(31), refused.RetryAfter);
        time.Advance(TimeSpan.FromSeconds(31));
        Assert.True(bucket.TryTake(1).Taken);
    }

    [Fact]
    public void SnapshotResetIsTimeUntilFull()
    {
        var time = new FakeTimeProvider();
        var bucket = new TokenBucket(60, 60, time);
        bucket.TryTake(45);
        var state = bucket.Snapshot();
        Assert.Equal(new BucketState(60, 15, TimeSpan.FromSeconds(45)), state);
    }

    [Fact]
    public async Task ConcurrentTakesNeverTakeMoreThanCapacity()
    {
        var bucket = new TokenBucket(500, 1, new FakeTimeProvider());
        var taken = 0;
        await Task.WhenAll(Enumerable.Range(0, 1000).Select(_ => Task.Run(() =>
        {
            if (bucket.TryTake(1).Taken)
            {
                Interlocked.Increment(ref taken);
            }
        })));

        Assert.Equal(500, taken);
    }
}
