using GatoLink.Grains.Quotas;

namespace GatoLink.Grains.Tests.Quotas;

public sealed class LeaseSizingTests
{
    [Theory]
    [InlineData(100, 3, 16)]
    [InlineData(100, 1, 50)]
    [InlineData(1_000_000, 5, 100_000)]
    [InlineData(5, 3, 1)]
    [InlineData(1, 10, 1)]
    [InlineData(0, 3, 0)]
    [InlineData(-4, 3, 0)]
    [InlineData(100, 0, 50)]
    public void FairShareIsRemainingOverTwiceTheLiveSilosButAtLeastOneWhileAnyRemains(long remaining, int silos, long expected) =>
        Assert.Equal(expected, LeaseSizing.FairShare(remaining, silos));

    [Theory]
    [InlineData(1000, 100, 3, 16)]
    [InlineData(5, 100, 3, 5)]
    [InlineData(5, 0, 3, 0)]
    [InlineData(0, 100, 3, 0)]
    public void GrantIsTheWantedAmountCappedAtTheFairShare(long wanted, long remaining, int silos, long expected) =>
        Assert.Equal(expected, LeaseSizing.Grant(wanted, remaining, silos));

    [Fact]
    public void SlicesShrinkAsTheQuotaNearsItsEnd()
    {
        long remaining = 10_000;
        long previous = long.MaxValue;
        while (remaining > 0)
        {
            var grant = LeaseSizing.Grant(long.MaxValue, remaining, 2);
            Assert.True(grant <= previous);
            Assert.True(grant <= Math.Max(1, remaining / 4));
            remaining -= grant;
            previous = grant;
        }

        Assert.Equal(0, remaining);
    }

    [Fact]
    public void WantedFollowsTheRecentRateOverTheHorizon()
    {
        Assert.Equal(100, LeaseSizing.Wanted(10, TimeSpan.FromSeconds(10), need: 3, usedSinceLastRefill: 0, minimum: 1));
        Assert.Equal(3, LeaseSizing.Wanted(0, TimeSpan.FromSeconds(10), need: 3, usedSinceLastRefill: 0, minimum: 1));
        Assert.Equal(16, LeaseSizing.Wanted(double.NaN, TimeSpan.FromSeconds(10), need: 1, usedSinceLastRefill: 0, minimum: 16));
        Assert.Equal(40, LeaseSizing.Wanted(double.NaN, TimeSpan.FromSeconds(10), need: 1, usedSinceLastRefill: 40, minimum: 16));
        Assert.Equal(500, LeaseSizing.Wanted(1, TimeSpan.FromSeconds(10), need: 500, usedSinceLastRefill: 0, minimum: 1));
    }

    [Fact]
    public void EwmaStartsAtTheFirstSampleThenSmooths()
    {
        Assert.Equal(10, LeaseSizing.Ewma(double.NaN, 10, 0.3));
        Assert.Equal(13, LeaseSizing.Ewma(10, 20, 0.3), 6);
    }
}
