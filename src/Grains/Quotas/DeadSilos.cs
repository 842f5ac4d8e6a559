namespace GatoLink.Grains.Quotas;

/// <summary>
/// Whether the cluster declared a silo dead, as this silo's membership view holds it: what a silo held (a concurrency
/// slot, a place in a wait queue) can be given back then, since that silo will never give it back itself.
/// </summary>
public static class DeadSilos
{
    /// <summary>Whether <paramref name="silo"/> is dead in <paramref name="members"/> (null: unknown, never dead).</summary>
    public static bool IsDead(ClusterMembershipSnapshot members, SiloAddress? silo)
    {
        ArgumentNullException.ThrowIfNull(members);
        return silo is not null && members.GetSiloStatus(silo) == SiloStatus.Dead;
    }

    /// <summary>The test against the membership of <paramref name="membership"/> as it stands at each call.</summary>
    public static Func<SiloAddress, bool> In(IClusterMembershipService membership)
    {
        ArgumentNullException.ThrowIfNull(membership);
        return silo => IsDead(membership.CurrentSnapshot, silo);
    }
}
