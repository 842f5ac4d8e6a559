using GatoLink.Grains.Abstractions.Quotas;

namespace GatoLink.Grains.Quotas;

/// <summary>One key or tenant activation of this silo, in <see cref="LocalLimiters"/>.</summary>
public sealed class LocalLimiter
{
    private readonly TaskCompletionSource<bool> _handedOff = new(TaskCreationOptions.RunContinuationsAsynchronously);

    internal LocalLimiter(GrainId id, ILimitedGrain grain)
    {
        Id = id;
        Grain = grain;
    }

    /// <summary>The grain.</summary>
    public GrainId Id { get; }

    /// <summary>A reference to call it by.</summary>
    public ILimitedGrain Grain { get; }

    /// <summary>
    /// True once the activation has saved its counters for the next one, false when it deactivated without (any
    /// reason other than a migration). A migration whose target could not be placed never completes it.
    /// </summary>
    public Task<bool> HandedOff => _handedOff.Task;

    /// <summary>The activation saved its counters for the next activation.</summary>
    public void Dehydrated() => _handedOff.TrySetResult(true);

    /// <summary>The activation deactivates for a reason other than a migration: the next one re-reads the ledger.</summary>
    public void DeactivatedWithoutHandOff() => _handedOff.TrySetResult(false);
}
