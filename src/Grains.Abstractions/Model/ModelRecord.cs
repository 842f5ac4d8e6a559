namespace GatoLink.Grains.Abstractions.Model;

/// <summary>A model in the registry.</summary>
/// <param name="Name">The canonical name clients send as <c>model</c>.</param>
/// <param name="Aliases">Other names that resolve to this model.</param>
/// <param name="ContextLength">Maximum prompt + completion tokens.</param>
/// <param name="DefaultMaxTokens">max_tokens assumed when a request names none (for reservations).</param>
/// <param name="Strategy">Placement strategy for this model.</param>
/// <param name="CreatedAt">When it was registered.</param>
/// <param name="Overflow">When requests may leave the own pool for the providers of <paramref name="Fallback"/>.</param>
/// <param name="Fallback">External provider node ids, in the order they are tried after the own pool; null: none.</param>
public sealed record ModelRecord(
    string Name,
    IReadOnlyList<string> Aliases,
    int ContextLength,
    int DefaultMaxTokens,
    PlacementStrategyKind Strategy,
    DateTimeOffset CreatedAt,
    OverflowPolicy Overflow = OverflowPolicy.Never,
    IReadOnlyList<string>? Fallback = null)
{
    /// <summary>The fallback chain, empty when none.</summary>
    public IReadOnlyList<string> FallbackOrEmpty => Fallback ?? [];
}
