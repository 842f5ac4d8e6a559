using GatoLink.Grains.Quotas;

namespace GatoLink.Grains.Tests.Quotas;

public sealed class RateLimitHeadersTests
{
    [Theory]
    [InlineData(0L, "0s")]
    [InlineData(10_000L, "1ms")]
    [InlineData(170_000L, "17ms")]
    [InlineData(9_990_001L, "1s")]
    [InlineData(10_000_000L, "1s")]
    [InlineData(15_000_000L, "1.5s")]
    [InlineData(12_340_000L, "1.234s")]
    [InlineData(600_000_000L, "1m0s")]
    [InlineData(3_600_000_000L, "6m0s")]
    [InlineData(36_000_000_000L, "1h0m0s")]
    [InlineData(37_230_000_000L, "1h2m3s")]
    public void ResetIsFormattedLikeOpenAi(long ticks, string expected) =>
        Assert.Equal(expected, RateLimitHeaders.FormatReset(TimeSpan.FromTicks(ticks)));

    [Fact]
    public void ResetNeverAnnouncesEarly() =>
        Assert.Equal("1.001s", RateLimitHeaders.FormatReset(TimeSpan.FromTicks(10_000_001)));

    [Fact]
    public void SixHeadersFromBothBuckets()
    {
        var pairs = RateLimitHeaders.From(new BucketState(10, 9, TimeSpan.FromSeconds(6)), new BucketState(1000, 0, TimeSpan.FromMinutes(6))).ToPairs();

        Assert.Equal(
            [
                new("x-ratelimit-limit-requests", "10"),
                new("x-ratelimit-remaining-requests", "9"),
                new("x-ratelimit-reset-requests", "6s"),
                new("x-ratelimit-limit-tokens", "1000"),
                new("x-ratelimit-remaining-tokens", "0"),
                new KeyValuePair<string, string>("x-ratelimit-reset-tokens", "6m0s"),
            ],
            pairs);
    }

    [Fact]
    public void UnlimitedBucketsSendNoHeaders() =>
        Assert.Empty(RateLimitHeaders.From(null, null).ToPairs());
}
