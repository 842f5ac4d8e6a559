using GatoLink.Silo.Ledger;

namespace GatoLink.Integration.Tests.Ledger;

public sealed class TtftHistogramTests
{
    [Theory]
    [InlineData(0, 0)]
    [InlineData(49.9, 0)]
    [InlineData(50, 1)]
    [InlineData(4999, 10)]
    [InlineData(5000, 11)]
    [InlineData(60_000, 11)]
    public void BucketOfPutsATimeUnderItsExclusiveUpperBound(double ms, int bucket) =>
        Assert.Equal(bucket, TtftHistogram.BucketOf(ms));

    [Fact]
    public void PercentileInterpolatesInsideTheBucketAndIsNullWithoutCounts()
    {
        var counts = new long[TtftHistogram.BucketCount];
        Assert.Null(TtftHistogram.Percentile(counts, 0.5));
        counts[2] = 100; // 100..200 ms
        Assert.Equal(150, TtftHistogram.Percentile(counts, 0.5));
        Assert.Equal(195, TtftHistogram.Percentile(counts, 0.95));
        counts[11] = 100; // the open bucket answers its lower bound
        Assert.Equal(5000, TtftHistogram.Percentile(counts, 0.95));
    }
}
