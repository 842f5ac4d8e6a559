namespace GatoLink.Gateway.Auth;

/// <summary>Why a presented key was refused (the <c>reason</c> label of the failure counter and log line).</summary>
public enum AuthFailure
{
    /// <summary>No key has that secret.</summary>
    UnknownKey,

    /// <summary>The key was revoked.</summary>
    Revoked,

    /// <summary>The key expired.</summary>
    Expired,

    /// <summary>The address spent its failed attempts: refused without a lookup.</summary>
    Limited,
}
