namespace GatoLink.Gateway.Admin;

/// <summary>The answer to a top-up: the transaction that holds it, the wallet after it, and whether it was a replay.</summary>
public sealed record TopUpAnswer(WalletTransactionView? Transaction, WalletView Wallet, bool Replayed);
