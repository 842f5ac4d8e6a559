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
    private readonly IClusterMembershipService _membership;
    private readonly ILocalSiloDetails _silo;
    private int _next;
    private Action<LocalLimiter>? _onEnter;

    /// <summary>Created by the silo's host.</summary>
    public LocalLimiters(IClusterMembershipService membership, ILocalSiloDetails silo)
    {
        _membership = membership;
        _silo = silo;
    }

    /// <summary>The activations registered now.</summary>
    public IReadOnlyCollection<LocalLimiter> Active => [.. _active.Values];

    /// <summary>The silos an activation of this one can move to: those the membership shows Active, this one excluded.</summary>
    public SiloAddress[] Targets() =>
        [.. _membership.CurrentSnapshot.Members.Values
            .Where(m => m.Status == SiloStatus.Active && !m.SiloAddress.Equals(_silo.SiloAddress))
            .Select(m => m.SiloAddress)
            .OrderBy(a => a.ToParsableString(), StringComparer.Ordinal)];

    /// <summary>The next of <see cref="Targets"/> in turn, so that moves spread; null when there is none.</summary>
    public SiloAddress? NextTarget()
    {
        var targets = Targets();
        return targets.Length == 0 ? null : targets[(int)((uint)Interlocked.Increment(ref _next) % (uint)targets.Length)];
    }

    /// <summary>Registers an activation; keep the entry to report how it left.</summary>
    public LocalLimiter Enter(GrainId id, ILimitedGrain grain)
    {
        var entry = new LocalLimiter(id, grain);
        _active[id] = entry;
        Volatile.Read(ref _onEnter)?.Invoke(entry);
        return entry;
    }

    /// <summary>
    /// From now on, <paramref name="onEnter"/> is told of every activation that registers (the silo drains: one that
    /// arrives now, migrated here by a silo that did not know, is passed on at once).
    /// </summary>
    public void WatchArrivals(Action<LocalLimiter> onEnter) => Volatile.Write(ref _onEnter, onEnter);

    /// <summary>Removes an activation that deactivates (its entry still reports whether it was handed off).</summary>
    public void Leave(LocalLimiter entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        _active.TryRemove(KeyValuePair.Create(entry.Id, entry));
    }
}
