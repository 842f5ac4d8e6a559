using GatoLink.Cli.SignIn;

namespace GatoLink.Integration.Tests.Cli;

/// <summary>The device code flow's polling rules (RFC 8628 §3.5): what each token error means and how the interval moves.</summary>
public sealed class DevicePollingTests
{
    [Theory]
    [InlineData(null, DevicePollStep.Done)]
    [InlineData("authorization_pending", DevicePollStep.Wait)]
    [InlineData("slow_down", DevicePollStep.SlowDown)]
    [InlineData("access_denied", DevicePollStep.Denied)]
    [InlineData("expired_token", DevicePollStep.Expired)]
    [InlineData("invalid_grant", DevicePollStep.Failed)]
    public void EachTokenErrorIsItsStep(string? error, DevicePollStep step) => Assert.Equal(step, DevicePolling.StepOf(error));

    [Fact]
    public void SlowDownAddsFiveSecondsForEveryLaterPollAndPendingKeepsTheInterval()
    {
        var interval = DevicePolling.FirstInterval(7);
        Assert.Equal(TimeSpan.FromSeconds(7), interval);
        interval = DevicePolling.NextInterval(DevicePollStep.SlowDown, interval);
        Assert.Equal(TimeSpan.FromSeconds(12), interval);
        interval = DevicePolling.NextInterval(DevicePollStep.Wait, interval);
        Assert.Equal(TimeSpan.FromSeconds(12), interval);
        Assert.Equal(TimeSpan.FromSeconds(17), DevicePolling.NextInterval(DevicePollStep.SlowDown, interval));
    }

    [Fact]
    public void NoIntervalFromTheProviderMeansFiveSeconds() => Assert.Equal(TimeSpan.FromSeconds(5), DevicePolling.FirstInterval(0));
}
