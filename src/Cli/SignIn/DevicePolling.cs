using Duende.IdentityModel;

namespace GatoLink.Cli.SignIn;

/// <summary>The device code flow's polling rules (RFC 8628 §3.4–3.5), apart from any HTTP.</summary>
public static class DevicePolling
{
    /// <summary>What <c>slow_down</c> adds to the interval.</summary>
    public static readonly TimeSpan SlowDownIncrement = TimeSpan.FromSeconds(5);

    /// <summary>The interval when the provider gives none or a nonsensical one.</summary>
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(5);

    /// <summary>The step for a token response's <c>error</c> (null: tokens were issued).</summary>
    public static DevicePollStep StepOf(string? error) => error switch
    {
        null or "" => DevicePollStep.Done,
        OidcConstants.TokenErrors.AuthorizationPending => DevicePollStep.Wait,
        OidcConstants.TokenErrors.SlowDown => DevicePollStep.SlowDown,
        OidcConstants.TokenErrors.AccessDenied => DevicePollStep.Denied,
        OidcConstants.TokenErrors.ExpiredToken => DevicePollStep.Expired,
        _ => DevicePollStep.Failed,
    };

    /// <summary>The interval to wait before the next request, after <paramref name="step"/>.</summary>
    public static TimeSpan NextInterval(DevicePollStep step, TimeSpan interval) =>
        step == DevicePollStep.SlowDown ? interval + SlowDownIncrement : interval;

    /// <summary>The first interval: the provider's <c>interval</c> in seconds, or the default.</summary>
    public static TimeSpan FirstInterval(int seconds) => seconds > 0 ? TimeSpan.FromSeconds(seconds) : DefaultInterval;
}
