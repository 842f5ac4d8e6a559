using GatoLink.Grains.Abstractions.Model;

namespace GatoLink.PerSilo.Placement;

/// <summary>Makes the strategy object a model uses; each model gets its own (round robin keeps a turn).</summary>
public interface IPlacementStrategyFactory
{
    /// <summary>A new strategy of the given kind.</summary>
    IPlacementStrategy Create(PlacementStrategyKind kind);
}
