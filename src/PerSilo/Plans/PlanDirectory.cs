using System.Collections.Concurrent;
using GatoLink.Grains.Abstractions.Plans;

namespace GatoLink.PerSilo.Plans;

/// <summary>
/// This silo's copy of every plan, kept in step with storage by the control plane (loaded at start, re-read when any
/// silo publishes a plan change), so that pricing a request by its tenant's plan makes no database round trip.
/// </summary>
public sealed class PlanDirectory
{
    private readonly ConcurrentDictionary<string, PlanRecord> _byName = new(StringComparer.Ordinal);

    /// <summary>The plan, or null.</summary>
    public PlanRecord? Get(string name) => _byName.TryGetValue(name, out var plan) ? plan : null;

    /// <summary>Adds or replaces a plan (a newer version only: a late, older read never undoes a change).</summary>
    public void Upsert(PlanRecord plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        _byName.AddOrUpdate(plan.Name, plan, (_, existing) => existing.Version > plan.Version ? existing : plan);
    }

    /// <summary>Replaces the directory with what storage holds.</summary>
    public void Load(IReadOnlyList<PlanRecord> plans)
    {
        ArgumentNullException.ThrowIfNull(plans);
        foreach (var plan in plans)
        {
            _byName[plan.Name] = plan;
        }

        foreach (var name in _byName.Keys.Except(plans.Select(p => p.Name), StringComparer.Ordinal))
        {
            _byName.TryRemove(name, out _);
        }
    }
}
