using System.Collections.Concurrent;
using GatoLink.Grains.Abstractions.Quotas;

namespace GatoLink.Grains.Quotas;

/// <summary>
/// The key and tenant activations of this silo, so that a draining silo can ask each to migrate with its counters
/// (Orleans itself does not migrate on shutdown). Key and tenant grains enter on activation and leave on deactivation.
/// </summary>
/// <remarks>A per-silo service called from many grains' turns at once, hence the concurrent dictionary.</remarks>
public sealed class LocalLimiters
{
    private readonly ConcurrentDictionary<GrainId, LocalLimiter> _active = new();

    /// <summary>The activations registered now.</summary>
    public IReadOnlyCollection<LocalLimiter> Active => [.. _active.Values];

    /// <summary>Registers an activation; keep the entry to report how it left.</summary>
    public LocalLimiter Enter(GrainId id, ILimitedGrain grain)
    {
        var entry = new LocalLimiter(id, grain);
        _active[id] = entry;
        return entry;
    }

    /// <summary>Removes an activation that deactivates (its entry still reports whether it was handed off).</summary>
    public void Leave(LocalLimiter entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        _active.TryRemove(KeyValuePair.Create(entry.Id, entry));
    }
}
