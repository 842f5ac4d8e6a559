using GatoLink.Grains.Quotas;

namespace GatoLink.Grains.Tests.Quotas;

public sealed class RejectedCallRetryTests
{
    [Fact]
    public async Task ACallTheLeavingSiloRejectedIsSentAgainUntilItIsAnswered()
    {
        var calls = 0;
        var result = await RejectedCallRetry.RunAsync(
            _ => ++calls switch
            {
                1 => throw new SiloUnavailableException("the target silo became unavailable"),
                2 => throw new SiloUnavailableException("forwarding failed: the silo is stopping"),
                _ => Task.FromResult(42),
            },
            TimeProvider.System,
            CancellationToken.None);

        Assert.Equal(42, result);
        Assert.Equal(3, calls);
    }

    [Fact]
    public async Task AnyOtherFailureIsPassedOnAtOnce()
    {
        var calls = 0;
        await Assert.ThrowsAsync<TimeoutException>(() => RejectedCallRetry.RunAsync(
            _ =>
            {
                calls++;
                throw new TimeoutException("no answer");
            },
            TimeProvider.System,
            CancellationToken.None));

        Assert.Equal(1, calls);
    }

    [Fact]
    public async Task OnceTheCallerGaveUpTheLastRejectionIsPassedOn()
    {
        using var cts = new CancellationTokenSource();
        var calls = 0;
        await Assert.ThrowsAsync<SiloUnavailableException>(() => RejectedCallRetry.RunAsync(
            _ =>
            {
                if (++calls == 2)
                {
                    cts.Cancel();
                }

                throw new SiloUnavailableException("the target silo became unavailable");
            },
            TimeProvider.System,
            cts.Token));

        Assert.Equal(2, calls);
    }
}
