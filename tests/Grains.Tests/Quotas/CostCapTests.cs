using GatoLink.Grains.Abstractions.Model;
using GatoLink.Grains.Quotas;

namespace GatoLink.Grains.Tests.Quotas;

public sealed class CostCapTests
{
    private static ModelPrice Price(long input, long output) => new("m", input, output, DateTimeOffset.UnixEpoch);

    [Fact]
    public void FloorOfRemainingAfterPromptOverOutputPrice()
    {
        Assert.Equal(500, CostCap.AffordableOutputTokens(Price(1_000_000, 2_000_000), 100, 1100));
        Assert.Equal(500, CostCap.AffordableOutputTokens(Price(1_000_000, 2_000_000), 100, 1101));
    }

    [Fact]
    public void NothingWhenThePromptAloneDoesNotFit()
    {
        Assert.Equal(0, CostCap.AffordableOutputTokens(Price(1_000_000, 2_000_000), 100, 99));
        Assert.Equal(0, CostCap.AffordableOutputTokens(Price(1_000_000, 2_000_000), 100, 0));
    }

    [Fact]
    public void FreeOutputIsUnbounded() =>
        Assert.Equal(long.MaxValue, CostCap.AffordableOutputTokens(Price(1_000_000, 0), 100, 100));
}
