using GatoLink.Grains.Abstractions.Keys;
using GatoLink.Grains.Abstractions.Models;

namespace GatoLink.Grains.Models;

/// <summary>
/// The order of a model's wait queue when every node serving it is saturated. Class first: interactive requests go
/// before batch ones, but while both wait one turn in <see cref="BatchTrickleEvery"/> goes to batch, so it never starves.
/// Within a class, a tenant served less than its guaranteed share of the recent GPU work goes first; then weighted fair
/// queueing across tenants (start-time fair queueing) measured in GPU work: a tenant's next request starts at the later
/// of the queue's virtual time and its own finish tag, and advances that tag by work ÷ weight; the earliest start goes
/// next, so busy tenants share in proportion to their weights. An idle tenant's finish tag falls behind the virtual time
/// and is not banked: the busy tenants borrow its share while it is away, and it gets it back as soon as it sends again.
/// When the queue is full, the request refused is one from the tenant furthest over its share.
/// </summary>
/// <remarks>
/// Written here rather than taken from a library: no .NET package schedules by weighted GPU work across tenants with
/// classes and guarantees; <c>System.Threading.RateLimiting</c>'s queues are FIFO or LIFO per limiter. Single-threaded:
/// the model grain's turn.
/// </remarks>
public sealed class FairScheduler
{
    /// <summary>While both classes wait, one turn in this many goes to batch.</summary>
    public const int BatchTrickleEvery = 10;

    /// <summary>How fast the GPU work served to a tenant is forgotten (for guarantees and the over-share choice).</summary>
    public static readonly TimeSpan ServedHalfLife = TimeSpan.FromSeconds(30);

    private readonly Dictionary<Guid, TenantLane> _lanes = [];
    private readonly Dictionary<Guid, LinkedListNode<QueueEntry>> _nodes = [];
    private readonly TimeProvider _time;
    private readonly ServedTickets _served;
    // The virtual time of each class (by PriorityClass): one class's tags must not move the other's clock, or a tenant
    // served in one class would push the clock past the tags of the other's tenants, which then tie and go by arrival.
    private readonly double[] _virtualTime = new double[2];
    private int _interactiveTurns;
    private long _arrivals;

    /// <summary>An empty queue on the grain's clock.</summary>
    public FairScheduler(TimeProvider time)
    {
        _time = time;
        _served = new ServedTickets(time);
    }

    /// <summary>Requests waiting.</summary>
    public int Count => _nodes.Count;

    /// <summary>Fair (the default), or arrival order whoever sends (<see cref="QueueOrder.Fifo"/>: no classes, weights or victims).</summary>
    public QueueOrder Order { get; set; } = QueueOrder.Fair;

    /// <summary>The tenants known now (waiting, or served lately).</summary>
    public IEnumerable<TenantLane> Lanes => _lanes.Values;

    /// <summary>Adds a waiter with its claim.</summary>
    public void Enqueue(Guid item, QueueClaim claim)
    {
        ArgumentNullException.ThrowIfNull(claim);
        var lane = LaneOf(claim.TenantId);
        _nodes[item] = lane.Add(new QueueEntry(item, claim, _arrivals++));
    }

    /// <summary>Takes a waiter out without serving it; false when it is not waiting.</summary>
    public bool Remove(Guid item)
    {
        if (!_nodes.Remove(item, out var node))
        {
            return false;
        }

        _lanes[node.Value.Claim.TenantId].Remove(node);
        return true;
    }

    /// <summary>Takes the next waiter to serve and counts its work as served; null when none waits.</summary>
    public Guid? Next()
    {
        if (_nodes.Count == 0)
        {
            return null;
        }

        if (Order == QueueOrder.Fifo)
        {
            var oldest = Oldest();
            return Serve(_lanes[oldest.Value.Claim.TenantId], oldest);
        }

        return Serve(NextClass());
    }

    /// <summary>Takes the next waiter of <paramref name="priority"/> (in the fair order among its tenants); null when none waits.</summary>
    public Guid? Next(PriorityClass priority) =>
        _lanes.Values.Any(l => l.Of(priority).Count > 0) ? Serve(priority) : null;

    private Guid Serve(PriorityClass priority)
    {
        var lane = Guaranteed(priority, _time.GetTimestamp()) ?? EarliestStart(priority);
        return Serve(lane, lane.Of(priority).First!);
    }

    private Guid Serve(TenantLane lane, LinkedListNode<QueueEntry> node)
    {
        var now = _time.GetTimestamp();
        var priority = (int)node.Value.Claim.Class;
        var start = Math.Max(_virtualTime[priority], lane.Finish);
        lane.Finish = start + ((double)node.Value.Claim.Work / lane.Weight);
        _virtualTime[priority] = start;
        lane.AddServed(node.Value.Claim.Work, now, _time);
        _served.Add(node.Value.Item, lane.TenantId, node.Value.Claim.Work);
        lane.Remove(node);
        _nodes.Remove(node.Value.Item);
        Prune(now);
        return node.Value.Item;
    }

    /// <summary>
    /// The queue is full and <paramref name="incoming"/> arrives: the waiter to refuse instead of it (a batch one when an
    /// interactive request arrives, else one of the tenant furthest over its share), or null to refuse the newcomer.
    /// </summary>
    public Guid? Victim(QueueClaim incoming)
    {
        ArgumentNullException.ThrowIfNull(incoming);
        if (Order == QueueOrder.Fifo)
        {
            return null;
        }

        var now = _time.GetTimestamp();
        if (incoming.Class == PriorityClass.Interactive && _lanes.Values.Any(l => l.Of(PriorityClass.Batch).Count > 0))
        {
            // An interactive request displaces a batch one, whatever the shares.
            return FurthestOver(PriorityClass.Batch, except: null, double.NegativeInfinity, now)?.Of(PriorityClass.Batch).Last!.Value.Item;
        }

        // Within its class the newcomer's tenant, counted with the newcomer, against the others; a tie refuses the newcomer.
        var own = _lanes.TryGetValue(incoming.TenantId, out var lane) ? lane.Served(now, _time) + lane.QueuedWork : 0;
        var newcomer = (own + incoming.Work) / Math.Max(1, incoming.Weight);
        return FurthestOver(incoming.Class, incoming.TenantId, newcomer, now)?.Of(incoming.Class).Last!.Value.Item;
    }

    /// <summary>
    /// Replaces the work a served request claimed by what it really used, in its tenant's tag and served work. A ticket
    /// this queue did not serve (refused, pushed out, timed out, or served too long ago) changes nothing: its tenant was
    /// never counted for it.
    /// </summary>
    public void Correct(Guid item, long actualWork)
    {
        if (!_served.TryTake(item, out var tenantId, out var estimatedWork) || !_lanes.TryGetValue(tenantId, out var lane))
        {
            return;
        }

        var delta = actualWork - estimatedWork;
        lane.Finish = Math.Max(0, lane.Finish + ((double)delta / lane.Weight));
        lane.AddServed(delta, _time.GetTimestamp(), _time);
    }

    /// <summary>The tenant's share of the GPU work served lately (0..1).</summary>
    public double ServedShare(Guid tenantId)
    {
        var now = _time.GetTimestamp();
        var total = _lanes.Values.Sum(l => l.Served(now, _time));
        return total <= 0 || !_lanes.TryGetValue(tenantId, out var lane) ? 0 : lane.Served(now, _time) / total;
    }

    // The earliest arrival of all, whatever its tenant and class.
    private LinkedListNode<QueueEntry> Oldest()
    {
        LinkedListNode<QueueEntry>? oldest = null;
        foreach (var lane in _lanes.Values)
        {
            foreach (var head in (ReadOnlySpan<LinkedListNode<QueueEntry>?>)[lane.Of(PriorityClass.Interactive).First, lane.Of(PriorityClass.Batch).First])
            {
                if (head is not null && (oldest is null || head.Value.Arrival < oldest.Value.Arrival))
                {
                    oldest = head;
                }
            }
        }

        return oldest!;
    }

    private PriorityClass NextClass()
    {
        var interactive = _lanes.Values.Any(l => l.Of(PriorityClass.Interactive).Count > 0);
        var batch = _lanes.Values.Any(l => l.Of(PriorityClass.Batch).Count > 0);
        if (!batch)
        {
            _interactiveTurns = 0;
            return PriorityClass.Interactive;
        }

        if (!interactive || _interactiveTurns >= BatchTrickleEvery - 1)
        {
            _interactiveTurns = 0;
            return PriorityClass.Batch;
        }

        _interactiveTurns++;
        return PriorityClass.Interactive;
    }

    // The waiting tenant furthest below its guaranteed share, if any is below it.
    private TenantLane? Guaranteed(PriorityClass priority, long now)
    {
        var total = _lanes.Values.Sum(l => l.Served(now, _time));
        TenantLane? chosen = null;
        var lowest = 1.0;
        foreach (var lane in _lanes.Values)
        {
            if (lane is { GuaranteedShare: { } guaranteed } && lane.Of(priority).Count > 0)
            {
                var share = total <= 0 ? 0 : lane.Served(now, _time) / total;
                var ratio = share / guaranteed;
                if (ratio < lowest)
                {
                    lowest = ratio;
                    chosen = lane;
                }
            }
        }

        return chosen;
    }

    private TenantLane EarliestStart(PriorityClass priority)
    {
        TenantLane? chosen = null;
        double best = 0;
        long arrival = 0;
        foreach (var lane in _lanes.Values)
        {
            if (lane.Of(priority).First is not { } head)
            {
                continue;
            }

            var start = Math.Max(_virtualTime[(int)priority], lane.Finish);
            if (chosen is null || start < best || (start == best && head.Value.Arrival < arrival))
            {
                chosen = lane;
                best = start;
                arrival = head.Value.Arrival;
            }
        }

        return chosen!;
    }

    // The tenant with waiters of the class furthest over its share (the work served to it lately and waiting, per weight),
    // if any is further over than the bar.
    private TenantLane? FurthestOver(PriorityClass priority, Guid? except, double bar, long now)
    {
        TenantLane? chosen = null;
        foreach (var lane in _lanes.Values)
        {
            if (lane.TenantId != except && lane.Of(priority).Count > 0 && (lane.Served(now, _time) + lane.QueuedWork) / lane.Weight is var over && over > bar)
            {
                bar = over;
                chosen = lane;
            }
        }

        return chosen;
    }

    private TenantLane LaneOf(Guid tenantId)
    {
        if (!_lanes.TryGetValue(tenantId, out var lane))
        {
            lane = new TenantLane(tenantId);
            _lanes[tenantId] = lane;
        }

        return lane;
    }

    // A tenant with nothing waiting, whose tag the virtual time has passed and whose served work is forgotten, is dropped.
    private void Prune(long now)
    {
        if (_lanes.Count <= 64)
        {
            return;
        }

        foreach (var (id, lane) in _lanes)
        {
            if (lane.Count == 0 && lane.Finish <= _virtualTime.Max() && lane.Served(now, _time) < 1)
            {
                _lanes.Remove(id);
            }
        }
    }
}
