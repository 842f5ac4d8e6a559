using GatoLink.Grains.Abstractions.Billing;
using Orleans.Runtime;

namespace GatoLink.Grains.Billing;

/// <summary>
/// Gathers the silos' ledger marks (see <see cref="IUsageWatermarkGrain"/>). It keeps nothing durable: a new activation
/// answers null until every live silo has reported again (within one report period), which only delays the grains
/// waiting on it. Silos the membership calls dead are left out: a silo that stopped gracefully flushed its spool first;
/// one that was killed bills its spool when it starts again.
/// </summary>
public sealed class UsageWatermarkGrain : Grain, IUsageWatermarkGrain
{
    private readonly IClusterMembershipService _membership;
    private readonly Dictionary<SiloAddress, DateTimeOffset> _marks = [];

    /// <summary>Creates the grain.</summary>
    public UsageWatermarkGrain(IClusterMembershipService membership) => _membership = membership;

    /// <inheritdoc />
    public Task<DateTimeOffset?> Report(SiloAddress silo, DateTimeOffset billedBefore)
    {
        ArgumentNullException.ThrowIfNull(silo);
        var members = _membership.CurrentSnapshot.Members;
        if (!members.TryGetValue(silo, out var reporter) || reporter.Status != SiloStatus.Dead)
        {
            _marks[silo] = billedBefore;
        }

        DateTimeOffset? least = null;
        var missing = false;
        foreach (var (address, member) in members)
        {
            if (member.Status == SiloStatus.Dead)
            {
                _marks.Remove(address);
            }
            else if (_marks.TryGetValue(address, out var mark))
            {
                least = least is null || mark < least ? mark : least;
            }
            else if (member.Status is SiloStatus.Active or SiloStatus.ShuttingDown or SiloStatus.Stopping)
            {
                // A silo still joining has served nothing yet (it reports before it takes requests); one that has
                // served and not reported holds the answer back.
                missing = true;
            }
        }

        // A silo that reported before this silo's view of the membership has it still counts.
        foreach (var (address, mark) in _marks)
        {
            if (!members.ContainsKey(address))
            {
                least = least is null || mark < least ? mark : least;
            }
        }

        return Task.FromResult(missing ? null : least);
    }
}
