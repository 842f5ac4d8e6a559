namespace GatoLink.Grains.Abstractions.Wallets;

/// <summary>The answer to a top-up: its outcome, the transaction that holds it, and the wallet after it.</summary>
/// <param name="Outcome">Credited, replayed or refused.</param>
/// <param name="Transaction">The stored transaction (the first one on a replay or a reused key).</param>
/// <param name="Wallet">The wallet now.</param>
[GenerateSerializer]
[Alias("gatolink.top-up-result")]
public sealed record TopUpResult(
    [property: Id(0)] TopUpOutcome Outcome,
    [property: Id(1)] WalletTransaction? Transaction,
    [property: Id(2)] WalletState Wallet);
