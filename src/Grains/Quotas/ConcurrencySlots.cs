namespace GatoLink.Grains.Quotas;

/// <summary>
/// A cap on requests running at once, held by a key's or tenant's grain: one slot per open reservation, taken at
/// admission and given back at its settlement. Each slot remembers the silo that runs its request, so that the slots of
/// a silo the cluster declared dead come back (<see cref="Reclaim"/>) instead of leaking: that silo will never settle them.
/// Single-threaded: its grain's turn.
/// </summary>
public sealed class ConcurrencySlots
{
    private readonly Dictionary<Guid, SiloAddress?> _held = [];

    /// <summary>A cap of <paramref name="capacity"/> requests, none running.</summary>
    public ConcurrencySlots(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        Capacity = capacity;
    }

    /// <summary>How many may run at once.</summary>
    public int Capacity { get; }

    /// <summary>How many run now.</summary>
    public int InUse => _held.Count;

    /// <summary>Whether one more may start.</summary>
    public bool HasRoom => _held.Count < Capacity;

    /// <summary>Takes a slot for the reservation <paramref name="id"/> run by <paramref name="silo"/>; false when all are taken.</summary>
    public bool TryTake(Guid id, SiloAddress? silo)
    {
        if (_held.ContainsKey(id))
        {
            return true;
        }

        if (!HasRoom)
        {
            return false;
        }

        _held[id] = silo;
        return true;
    }

    /// <summary>Gives back the slot of reservation <paramref name="id"/>; unknown ids (already given back) are ignored.</summary>
    public bool Release(Guid id) => _held.Remove(id);

    /// <summary>Gives back the slots held by silos that <paramref name="isDead"/> names; how many.</summary>
    public int Reclaim(Func<SiloAddress, bool> isDead)
    {
        ArgumentNullException.ThrowIfNull(isDead);
        var reclaimed = 0;
        foreach (var (id, silo) in _held)
        {
            if (silo is not null && isDead(silo) && _held.Remove(id))
            {
                reclaimed++;
            }
        }

        return reclaimed;
    }

    /// <summary>Carries the running requests of <paramref name="previous"/> over (a limit change keeps what runs, even above a lowered cap).</summary>
    public void CarryOver(ConcurrencySlots previous)
    {
        ArgumentNullException.ThrowIfNull(previous);
        foreach (var (id, silo) in previous._held)
        {
            _held[id] = silo;
        }
    }
}
