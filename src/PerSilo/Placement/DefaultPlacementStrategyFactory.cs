using GatoLink.Grains.Abstractions.Model;
using GatoLink.Grains.Placement;

namespace GatoLink.PerSilo.Placement;

/// <summary>The built-in strategies.</summary>
public sealed class DefaultPlacementStrategyFactory : IPlacementStrategyFactory
{
    private readonly PlacementOptions _options;

    /// <summary>Creates the factory; default options when none are registered.</summary>
    public DefaultPlacementStrategyFactory(PlacementOptions? options = null) => _options = options ?? new PlacementOptions();

    /// <inheritdoc />
    public IPlacementStrategy Create(PlacementStrategyKind kind) => kind switch
    {
        PlacementStrategyKind.RoundRobin => new RoundRobinStrategy(),
        PlacementStrategyKind.LeastRequest => new LeastRequestStrategy(),
        _ => new GatoLinkStrategy(_options),
    };
}
