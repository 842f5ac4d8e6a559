namespace GatoLink.Grains.Abstractions.Wallets;

/// <summary>What became of a top-up.</summary>
public enum TopUpOutcome
{
    /// <summary>Written and credited.</summary>
    Credited,

    /// <summary>The same request under the same idempotency key was credited before; nothing more was.</summary>
    Replayed,

    /// <summary>The idempotency key was used for a different request; nothing was credited.</summary>
    KeyReused,

    /// <summary>An adjustment would take the balance below zero; nothing was written.</summary>
    WouldGoNegative,
}
