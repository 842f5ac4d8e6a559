using GatoLink.Grains.Abstractions.Model;
using GatoLink.Grains.Nodes;
using GatoLink.Grains.Placement;

namespace GatoLink.Grains.Models;

/// <summary>A model's registry entry, prices, and the placement of its requests on nodes.</summary>
public sealed class ModelGrain
{
    private readonly NodeDirectory _nodes;
    private readonly IPlacementStrategyFactory _strategies;
    private ModelRecord _record;
    private IPlacementStrategy _strategy;

    /// <summary>Activates the grain.</summary>
    public ModelGrain(ModelRecord record, NodeDirectory nodes, IPlacementStrategyFactory strategies)
    {
        _record = record;
        _nodes = nodes;
        _strategies = strategies;
        _strategy = strategies.Create(record.Strategy);
    }

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
    /// </summary>
    public GpuNodeGrain? Place(PlacementRequest request, IReadOnlyCollection<string>? excluded = null)
    {
        var all = _nodes.All;
        var candidates = new List<GpuNodeGrain>(all.Count);
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

            candidates.Add(node);
        }

        return candidates.Count == 0 ? null : Strategy.Choose(request, candidates);
    }
}
