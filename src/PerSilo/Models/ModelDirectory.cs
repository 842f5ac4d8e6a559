using System.Collections.Concurrent;
using GatoLink.Grains.Abstractions.Model;
using GatoLink.Grains.Models;
using GatoLink.Grains.Placement;
using GatoLink.PerSilo.Placement;
using GatoLink.PerSilo.Nodes;

namespace GatoLink.PerSilo.Models;

/// <summary>This silo's model grains, found by name or alias.</summary>
public sealed class ModelDirectory : IModelPrices
{
    private readonly ConcurrentDictionary<string, ModelRoute> _byName = new(StringComparer.Ordinal);
    private readonly NodeDirectory _nodes;
    private readonly IPlacementStrategyFactory _strategies;
    private readonly PlacementOptions? _placement;
    private readonly TimeProvider? _time;
    private readonly ModelQueues _queues;
    private Dictionary<string, ModelRoute> _byAlias = new(StringComparer.Ordinal);

    /// <summary>Creates an empty directory.</summary>
    public ModelDirectory(NodeDirectory nodes, IPlacementStrategyFactory strategies, ModelQueues queues, PlacementOptions? placement = null, TimeProvider? time = null)
    {
        _nodes = nodes;
        _strategies = strategies;
        _queues = queues;
        _placement = placement;
        _time = time;
    }

    /// <summary>Every model, by name.</summary>
    public IReadOnlyList<ModelRoute> All => _byName.Values.OrderBy(m => m.Name, StringComparer.Ordinal).ToArray();

    /// <summary>Resolves a name or alias; null when unknown.</summary>
    /// <inheritdoc />
    public PriceBook? PricesOf(string nameOrAlias) => Resolve(nameOrAlias)?.Prices;

    public ModelRoute? Resolve(string nameOrAlias)
    {
        if (_byName.TryGetValue(nameOrAlias, out var entry))
        {
            return entry;
        }

        return Volatile.Read(ref _byAlias).TryGetValue(nameOrAlias, out entry) ? entry : null;
    }

    /// <summary>Activates or updates a model.</summary>
    public ModelRoute Upsert(ModelRecord record)
    {
        var entry = _byName.AddOrUpdate(record.Name, _ => new ModelRoute(record, _nodes, _strategies, _queues, _placement, _time), (_, existing) =>
        {
            existing.Update(record);
            return existing;
        });
        RebuildAliases();
        return entry;
    }

    /// <summary>Drops a deleted model.</summary>
    public void Remove(string name)
    {
        if (_byName.TryRemove(name, out _))
        {
            RebuildAliases();
        }
    }

    /// <summary>Replaces the directory with what storage holds.</summary>
    public void Load(IReadOnlyList<ModelRecord> records, IReadOnlyList<ModelPrice> prices)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var record in records)
        {
            _byName.AddOrUpdate(record.Name, _ => new ModelRoute(record, _nodes, _strategies, _queues, _placement, _time), (_, existing) =>
            {
                existing.Update(record);
                return existing;
            });
            seen.Add(record.Name);
        }

        foreach (var name in _byName.Keys)
        {
            if (!seen.Contains(name))
            {
                _byName.TryRemove(name, out _);
            }
        }

        foreach (var price in prices)
        {
            if (_byName.TryGetValue(price.Model, out var entry))
            {
                entry.Prices.Add(price);
            }
        }

        RebuildAliases();
    }

    private void RebuildAliases()
    {
        var aliases = new Dictionary<string, ModelRoute>(StringComparer.Ordinal);
        foreach (var entry in _byName.Values)
        {
            foreach (var alias in entry.Record.Aliases)
            {
                aliases.TryAdd(alias, entry);
            }
        }

        Volatile.Write(ref _byAlias, aliases);
    }
}
