namespace GatoLink.Grains.Wallets;

/// <summary>Outcome of reserving a request's cost from a <see cref="Wallet"/>.</summary>
/// <param name="Reserved">Whether the wallet could pay for the prompt and at least one output token.</param>
/// <param name="AmountMicros">Micro-USD reserved.</param>
/// <param name="OutputTokens">The max_tokens the reservation pays for (lower than asked when the balance is short).</param>
public readonly record struct WalletClaim(bool Reserved, long AmountMicros, long OutputTokens);
