using GatoLink.Grains.Abstractions.Model;

namespace GatoLink.Grains.Placement;

/// <summary>The built-in strategies.</summary>
public sealed class DefaultPlacementStrategyFactory : IPlacementStrategyFactory
{
    /// <inheritdoc />
    public IPlacementStrategy Create(PlacementStrategyKind kind) => kind switch
    {
        PlacementStrategyKind.RoundRobin => new RoundRobinStrategy(),
        _ => new LeastRequestStrategy(),
    };
}
