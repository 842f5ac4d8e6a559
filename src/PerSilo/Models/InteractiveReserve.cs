using GatoLink.Grains.Abstractions.Keys;
using GatoLink.Grains.Abstractions.Models;
using GatoLink.Grains.Placement;

namespace GatoLink.PerSilo.Models;

/// <summary>
/// A model's interactive requests as its batch placement must know them: whether they are about (one came to this silo
/// within <see cref="PlacementOptions.InteractiveWindow"/>, or the cluster reports demand), their demand (this silo's
/// <see cref="InteractiveDemand"/>, or the cluster's sum from <see cref="InteractiveDemandSync"/> when larger), and the
/// running slots batch leaves free for them on each node. Only in the fair order.
/// </summary>
public sealed class InteractiveReserve
{
    // How fast the demand estimate follows a rise (it falls over the interactive window).
    private static readonly TimeSpan DemandRise = TimeSpan.FromSeconds(10);

    // A few sync intervals: a silo that lost its way to the demand grain falls back to its own demand.
    private static readonly TimeSpan ClusterDemandFreshFor = TimeSpan.FromSeconds(5);

    private readonly PlacementOptions _options;
    private readonly TimeProvider _time;
    private long _arrivedAt = long.MinValue;
    private double _clusterDemand;
    private long _clusterDemandAt = long.MinValue;

    /// <summary>Creates the reserve of one model on this silo.</summary>
    public InteractiveReserve(PlacementOptions options, TimeProvider time)
    {
        _options = options;
        _time = time;
        Demand = new InteractiveDemand(time, DemandRise, options.InteractiveWindow > DemandRise ? options.InteractiveWindow : DemandRise);
    }

    /// <summary>This silo's interactive requests for the model, in flight and on average.</summary>
    public InteractiveDemand Demand { get; }

    /// <summary>The demand the reserve is sized by: this silo's mean in flight or the cluster's fresh sum, the larger.</summary>
    public double DemandMean => Math.Max(Demand.Mean, ClusterDemand);

    /// <summary>
    /// What this silo tells the cluster of its demand: its mean in flight while interactive requests came here within the
    /// window, else 0 (the slow average's tail does not hold slots).
    /// </summary>
    public double ReportableDemand => CameHere() ? Demand.Mean : 0;

    // The cluster's sum as last reported, while fresh; else 0.
    private double ClusterDemand
    {
        get
        {
            var at = Volatile.Read(ref _clusterDemandAt);
            return at != long.MinValue && _time.GetElapsedTime(at) <= ClusterDemandFreshFor ? Volatile.Read(ref _clusterDemand) : 0;
        }
    }

    /// <summary>An interactive request for the model arrived at this silo (in the fair order).</summary>
    public void Arrived() => Volatile.Write(ref _arrivedAt, _time.GetTimestamp());

    /// <summary>
    /// Counts an interactive request (in the fair order) in the demand until the scope is disposed. A batch request, or
    /// any in the FIFO order, gets a scope that counts nothing.
    /// </summary>
    public InteractiveDemand.Scope Track(QueueClaim claim)
    {
        ArgumentNullException.ThrowIfNull(claim);
        return _options.QueueOrder == QueueOrder.Fair && claim.Class == PriorityClass.Interactive ? Demand.Enter() : default;
    }

    /// <summary>Records the cluster's interactive demand for the model, as the demand grain summed it now.</summary>
    public void ReportClusterDemand(double sum)
    {
        Volatile.Write(ref _clusterDemand, double.IsFinite(sum) ? Math.Max(0, sum) : 0);
        Volatile.Write(ref _clusterDemandAt, _time.GetTimestamp());
    }

    /// <summary>
    /// The running slots batch keeps free over the model's nodes now: in the fair order, while interactive requests are
    /// about, the count a Poisson count with the demand's mean reaches with a probability of at most
    /// 1 − <see cref="PlacementOptions.InteractiveReserveTarget"/>; null when batch keeps no headroom.
    /// </summary>
    public int? Slots =>
        _options.QueueOrder == QueueOrder.Fair && _options.InteractiveHeadroom > 0 && (CameHere() || ClusterDemand > 0)
            ? InteractiveDemand.Reserve(DemandMean, _options.InteractiveReserveTarget)
            : null;

    /// <summary><paramref name="slots"/> spread evenly over <paramref name="nodes"/> nodes, never fewer than <see cref="PlacementOptions.InteractiveHeadroom"/> per node.</summary>
    public int PerNode(int slots, int nodes) =>
        nodes <= 0 ? _options.InteractiveHeadroom : Math.Max(_options.InteractiveHeadroom, (slots + nodes - 1) / nodes);

    private bool CameHere()
    {
        var at = Volatile.Read(ref _arrivedAt);
        return at != long.MinValue && _time.GetElapsedTime(at) < _options.InteractiveWindow;
    }
}
