using GatoLink.Grains.Abstractions.Model;
using GatoLink.Grains.Nodes;
using GatoLink.Grains.Nodes.Load;
using GatoLink.Grains.Placement;

namespace GatoLink.Grains.Models;

/// <summary>A model's registry entry, prices, and the placement of its requests on nodes.</summary>
public sealed class ModelRoute
{
    private readonly NodeDirectory _nodes;
    private readonly IPlacementStrategyFactory _strategies;
    private readonly PlacementOptions _options;
    private readonly PlacementQueue _queue;
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
        _queue = new PlacementQueue(record.Name, nodes.Signal, _options, time ?? TimeProvider.System, queues);
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
        var decision = TryPlace(request, excluded, saturationFilter: false);
        return decision.Node;
    }

    /// <summary>
    /// Places a request with the saturation filter (for the <c>gatolink</c> strategy; the baselines stay
    /// what their names say): saturated nodes are skipped while another can take the request; when every
    /// candidate is saturated the request waits in this silo's FIFO admission queue for up to
    /// <see cref="PlacementOptions.MaxQueueWait"/>. Synchronous unless it has to wait.
    /// </summary>
    public ValueTask<PlacementDecision> PlaceAsync(PlacementRequest request, IReadOnlyCollection<string>? excluded, CancellationToken ct)
    {
        var filter = Strategy.Kind == PlacementStrategyKind.GatoLink;
        var decision = _queue.Length == 0 ? TryPlace(request, excluded, filter) : PlacementDecision.AllSaturated;
        if (decision.Outcome != PlacementOutcome.Saturated)
        {
            return ValueTask.FromResult(decision);
        }

        // Someone is already waiting (FIFO: no overtaking) or every node is saturated.
        return new ValueTask<PlacementDecision>(_queue.WaitAsync(request.QueueClaim, () => TryPlace(request, excluded, filter), ct));
    }

    private PlacementDecision TryPlace(PlacementRequest request, IReadOnlyCollection<string>? excluded, bool saturationFilter)
    {
        var all = _nodes.All;
        var candidates = new List<NodeReplica>(all.Count);
        var saturated = 0;
        for (var i = 0; i < all.Count; i++)
        {
            var node = all[i];
            if (node.Record.Draining || !node.Serves(Name) || !node.IsAvailable)
            {
                continue;
            }

            if (excluded is not null && excluded.Contains(node.Id))
            {
                continue;
            }

            if (saturationFilter && Saturation.IsSaturated(node.LiveLoad(_options.StaleAfter), _options))
            {
                saturated++;
                continue;
            }

            candidates.Add(node);
        }

        if (candidates.Count == 0)
        {
            return saturated > 0 ? PlacementDecision.AllSaturated : PlacementDecision.None;
        }

        return Strategy.Choose(request, candidates) is { } chosen ? PlacementDecision.Placed(chosen) : PlacementDecision.None;
    }
}
