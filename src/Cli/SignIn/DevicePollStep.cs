namespace GatoLink.Cli.SignIn;

/// <summary>What a device code token request's answer means for the polling loop (RFC 8628 §3.5).</summary>
public enum DevicePollStep
{
    /// <summary>Tokens were issued.</summary>
    Done,

    /// <summary><c>authorization_pending</c>: the user has not finished yet; ask again after the interval.</summary>
    Wait,

    /// <summary><c>slow_down</c>: ask again after the interval, now 5 seconds longer.</summary>
    SlowDown,

    /// <summary><c>access_denied</c>: the user refused.</summary>
    Denied,

    /// <summary><c>expired_token</c>: the device code expired before the user approved it.</summary>
    Expired,

    /// <summary>Any other error: the request itself was refused.</summary>
    Failed,
}
