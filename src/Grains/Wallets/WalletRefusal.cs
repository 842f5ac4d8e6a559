using GatoLink.Grains.Abstractions.Errors;

namespace GatoLink.Grains.Wallets;

/// <summary>The refusal of a prepaid tenant whose wallet cannot pay for a request.</summary>
public static class WalletRefusal
{
    /// <summary>429 <c>insufficient_quota</c>, the answer OpenAI gives when a prepaid balance is spent; no Retry-After (waiting does not help).</summary>
    public static GatoError Exhausted { get; } = new(
        ErrorKind.InsufficientQuota,
        "You exceeded your current quota: this tenant's prepaid credit is spent. Ask an administrator to top up the wallet.",
        "insufficient_quota");
}
