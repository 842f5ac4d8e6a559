namespace GatoLink.Grains.Quotas;

/// <summary>
/// The central quota rows every silo leases from. Over PostgreSQL each call is one atomic statement:
/// <c>UPDATE quota SET remaining = remaining - g … RETURNING</c> with
/// g = <see cref="LeaseSizing.Grant"/>(wanted, remaining, live silos), so two silos can never be granted the same units.
/// </summary>
public interface IQuotaLeaseStore
{
    /// <summary>Grants up to the fair share of <see cref="LeaseRequest.Wanted"/>, atomically subtracted from the central remaining.</summary>
    ValueTask<LeaseGrant> AcquireAsync(LeaseRequest request, CancellationToken cancellationToken);

    /// <summary>Adds unused units back to the central remaining (lease expiry, shutdown).</summary>
    ValueTask ReturnAsync(LeaseReturn lease, CancellationToken cancellationToken);
}
