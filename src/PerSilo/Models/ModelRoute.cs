using GatoLink.Grains.Abstractions.Keys;
using GatoLink.Grains.Abstractions.Model;
using GatoLink.Grains.Abstractions.Models;
using GatoLink.Grains.Placement;
using GatoLink.PerSilo.Placement;
using GatoLink.PerSilo.Nodes;
using GatoLink.PerSilo.Nodes.Load;
using GatoLink.Grains.Models;

namespace GatoLink.PerSilo.Models;

/// <summary>A model's registry entry, prices, and the placement of its requests on nodes.</summary>
public sealed class ModelRoute
{
    private readonly NodeDirectory _nodes;
    private readonly IPlacementStrategyFactory _strategies;
    private readonly PlacementOptions _options;
    private readonly PlacementQueue _queue;
    private readonly TimeProvider _time;
    private ModelRecord _record;
    private IPlacementStrategy _strategy;

    /// <summary>Creates the entry.</summary>
    public ModelRoute(ModelRecord record, NodeDirectory nodes, IPlacementStrategyFactory strategies, ModelQueues queues, PlacementOptions? options = null, TimeProvider? time = null)
    {
        _record = record;
        _nodes = nodes;
        _strategies = strategies;
        _strategy = strategies.Create(record.Strategy);
        _options = options ?? new PlacementOptions();
        _time = time ?? TimeProvider.System;
        _queue = new PlacementQueue(record.Name, nodes.Signal, _options, _time, queues);
        Interactive = new InteractiveReserve(_options, _time);
    }

    /// <summary>Requests waiting at this silo for a node to leave saturation.</summary>
    public int Queued => _queue.Length;

    /// <summary>The registry record.</summary>
    public ModelRecord Record => Volatile.Read(ref _record);

    /// <summary>Canonical name.</summary>
    public string Name => Record.Name;

    /// <summary>Price history.</summary>
    public PriceBook Prices { get; } = new();

    /// <summary>The strategy in use.</summary>
    public IPlacementStrategy Strategy => Volatile.Read(ref _strategy);

    /// <summary>The model's interactive demand and the slots batch leaves free for it (see <see cref="InteractiveReserve"/>).</summary>
    public InteractiveReserve Interactive { get; }

    /// <summary>Replaces the record after an admin change; a new strategy kind takes effect at once.</summary>
    public void Update(ModelRecord record)
    {
        var old = Record;
        Volatile.Write(ref _record, record);
        if (old.Strategy != record.Strategy)
        {
            Volatile.Write(ref _strategy, _strategies.Create(record.Strategy));
        }
    }

    /// <summary>
    /// The next provider of the model's fallback chain that may take a request now (registered, external, serving the
    /// model, not draining, available, not in <paramref name="excluded"/>), in the chain's order; null when none.
    /// </summary>
    public NodeReplica? NextProvider(IReadOnlyCollection<string>? excluded)
    {
        var chain = Record.FallbackOrEmpty;
        for (var i = 0; i < chain.Count; i++)
        {
            if (_nodes.Get(chain[i]) is { Record.External: true, Record.Draining: false, IsAvailable: true } node && node.Serves(Name)
                && (excluded is null || !excluded.Contains(node.Id)))
            {
                return node;
            }
        }

        return null;
    }

    /// <summary>True when some registered, non-draining node serves the model (regardless of health).</summary>
    public bool HasNodes()
    {
        var all = _nodes.All;
        for (var i = 0; i < all.Count; i++)
        {
            if (!all[i].Record.Draining && all[i].Serves(Name))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Places a request: filters the nodes that serve the model, are available and not draining,
    /// skipping <paramref name="excluded"/> (nodes already tried), then asks the strategy.
    /// Ignores saturation; see <see cref="PlaceAsync"/>.
    /// </summary>
    public NodeReplica? Place(PlacementRequest request, IReadOnlyCollection<string>? excluded = null)
    {
        var decision = TryPlace(request, excluded, saturationFilter: false, headroom: null, preferFree: false);
        return decision.Node;
    }

    /// <summary>
    /// Places a request with the saturation filter (for the <c>gatolink</c> strategy; the baselines stay
    /// what their names say): saturated nodes are skipped while another can take the request; when every
    /// candidate is saturated, or others already wait, the request waits in the model's cluster-wide queue for up to
    /// <see cref="PlacementOptions.MaxQueueWait"/>. In the fair order an interactive request overtakes the batch requests
    /// waiting at this silo (it tries the nodes at once unless interactive ones wait), and batch requests keep
    /// <see cref="PlacementOptions.InteractiveHeadroom"/> slots free while interactive ones are about. Synchronous unless it has to wait.
    /// External providers are never in the pool: by the model's <see cref="OverflowPolicy"/> the next one of its chain
    /// takes the request when no own node can (<see cref="OverflowPolicy.OnError"/>: none available, each failed or
    /// open-circuited; <see cref="OverflowPolicy.WhenSaturated"/>: also when all are saturated, instead of waiting), unless
    /// the request may not overflow (<see cref="PlacementOutcome.OverflowDenied"/> where it would have).
    /// </summary>
    public ValueTask<PlacementDecision> PlaceAsync(PlacementRequest request, IReadOnlyCollection<string>? excluded, CancellationToken ct)
    {
        var filter = Strategy.Kind == PlacementStrategyKind.GatoLink;
        var claim = request.QueueClaim;
        var fair = _options.QueueOrder == QueueOrder.Fair;
        var interactive = claim.Class == PriorityClass.Interactive;
        if (fair && interactive)
        {
            Interactive.Arrived();
        }

        var headroom = !interactive && BatchHeadroom is > 0 and var slots ? slots : (int?)null;
        var mayTry = _queue.Length == 0 || (fair && interactive && _queue.InteractiveLength == 0);
        // In the fair order, while batch work waits here, an interactive request goes to a node with a running slot free
        // when one has, rather than lining up in a full node's own queue behind batch work (without batch about, the
        // strategy's own choice stands: its prefix affinity is worth a short wait).
        var preferFree = filter && fair && interactive && _queue.Length > _queue.InteractiveLength;
        // The request may wait a little for a saturated node that holds its prefix, from its first try on (AffinityHold);
        // not where saturation sends requests to an external provider instead of waiting.
        var hold = filter && _options.AffinityWait > TimeSpan.Zero && Record.Overflow != OverflowPolicy.WhenSaturated
            ? new AffinityHold(_time, _options.AffinityWait) : null;
        var decision = mayTry ? TryPlace(request, excluded, filter, headroom, preferFree, hold: hold) : PlacementDecision.AllSaturated;
        if (decision.Outcome != PlacementOutcome.Placed && Overflow(request, excluded, decision.Outcome) is { } overflow)
        {
            return ValueTask.FromResult(overflow);
        }

        if (decision.Outcome != PlacementOutcome.Saturated)
        {
            return ValueTask.FromResult(decision);
        }

        // Someone is already waiting (no overtaking but by class) or every node is saturated.
        // At the head of the queue, a request that batch headroom does not hold back may spill to a saturated node
        // (QueueSpill). In the fair order an interactive request is behind only the interactive requests waiting here (batch
        // work waits behind it), so their wait is what a node must beat: an interactive request does not trade the slot
        // batch keeps free for it against a place in a node's own queue behind batch work.
        Func<int>? ahead = !filter || headroom is not null || !_options.QueueSpill ? null
            : fair && interactive ? () => _queue.InteractiveLength : () => _queue.Length;
        return new ValueTask<PlacementDecision>(_queue.WaitAsync(claim, () => TryPlace(request, excluded, filter, headroom, preferFree, ahead, hold), ct));
    }

    // A running slot free by a fresh scrape: nothing queues and a slot is left (a node never seen full has all it needs).
    private static bool HasFreeSlot(in NodeLiveLoad load) => load.Fresh && load.Queue < 1 && load.FreeSlots >= 1;

    // Where the own pool cannot take the request now: the next provider of the chain when the policy allows it for this
    // outcome, Denied when the tenant forbids it (a saturated pool then queues as without a policy), else null.
    private PlacementDecision? Overflow(PlacementRequest request, IReadOnlyCollection<string>? excluded, PlacementOutcome pool)
    {
        var record = Record;
        var applies = record.Overflow switch
        {
            OverflowPolicy.OnError => pool == PlacementOutcome.NoNode,
            OverflowPolicy.WhenSaturated => pool is PlacementOutcome.NoNode or PlacementOutcome.Saturated,
            _ => false,
        };
        if (!applies || record.FallbackOrEmpty.Count == 0)
        {
            return null;
        }

        if (!request.MayOverflow)
        {
            return pool == PlacementOutcome.NoNode ? PlacementDecision.Denied : null;
        }

        return NextProvider(excluded) is { } provider ? PlacementDecision.Placed(provider) : null;
    }

    /// <summary>The running slots a batch request leaves free on each of the model's own nodes now (see <see cref="InteractiveReserve"/>).</summary>
    public int BatchHeadroom => Interactive.Slots is { } slots ? Interactive.PerNode(slots, PoolSize()) : 0;

    // The model's own nodes that may take its requests now.
    private int PoolSize()
    {
        var nodes = 0;
        var all = _nodes.All;
        for (var i = 0; i < all.Count; i++)
        {
            if (all[i].TakesPoolWork(Name))
            {
                nodes++;
            }
        }

        return nodes;
    }

    private PlacementDecision TryPlace(PlacementRequest request, IReadOnlyCollection<string>? excluded, bool saturationFilter, int? headroom, bool preferFree, Func<int>? spillAhead = null, AffinityHold? hold = null)
    {
        var all = _nodes.All;
        var candidates = new List<NodeReplica>(all.Count);
        var saturated = 0;
        List<(NodeReplica Node, NodeLiveLoad Load)>? full = null;
        List<NodeReplica>? withFree = null;
        for (var i = 0; i < all.Count; i++)
        {
            var node = all[i];
            // A provider is never in the pool: it takes requests only through the chain (see Overflow).
            if (!node.TakesPoolWork(Name))
            {
                continue;
            }

            if (excluded is not null && excluded.Contains(node.Id))
            {
                continue;
            }

            var load = saturationFilter || preferFree ? node.LiveLoad(_options.StaleAfter) : default;
            if (saturationFilter && Saturation.IsSaturated(load, _options, headroom))
            {
                saturated++;
                if (spillAhead is not null || hold is not null)
                {
                    (full ??= new(all.Count)).Add((node, load));
                }

                continue;
            }

            if (preferFree && HasFreeSlot(load))
            {
                (withFree ??= new List<NodeReplica>(all.Count)).Add(node);
            }

            candidates.Add(node);
        }

        // The head of the queue may wait a little for a saturated node that holds its prefix (AffinityHold).
        if (hold is not null && candidates.Count > 0 && full is not null && hold.Holds(request, candidates, full))
        {
            return PlacementDecision.AllSaturated;
        }

        if (candidates.Count == 0 && full is not null && spillAhead is not null && QueueSpill.Candidates(full, spillAhead()) is { Count: > 0 } spillTo)
        {
            // A spill that would copy the prefix to a cold node while a saturated one holds it waits like any placement.
            if (hold is not null && hold.Holds(request, spillTo, full))
            {
                return PlacementDecision.AllSaturated;
            }

            candidates = spillTo;
        }

        if (candidates.Count == 0)
        {
            return saturated > 0 ? PlacementDecision.AllSaturated : PlacementDecision.None;
        }

        return Strategy.Choose(request, withFree ?? candidates) is { } chosen ? PlacementDecision.Placed(chosen) : PlacementDecision.None;
    }
}
