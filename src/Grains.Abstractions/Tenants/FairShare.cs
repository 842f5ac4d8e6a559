namespace GatoLink.Grains.Abstractions.Tenants;

/// <summary>
/// A tenant's claim on a model's GPUs when they are saturated: its <paramref name="Weight"/> against the other waiting
/// tenants' (GPU work is shared in proportion), and an optional <paramref name="GuaranteedShare"/> (0..1) of the served
/// work it gets whatever the weights say, as long as it asks for it.
/// </summary>
/// <param name="Weight">Relative weight, at least 1.</param>
/// <param name="GuaranteedShare">Fraction of the served GPU work guaranteed while it waits; null: none.</param>
[GenerateSerializer]
[Alias("gatolink.fair-share")]
public sealed record FairShare([property: Id(0)] int Weight = 1, [property: Id(1)] double? GuaranteedShare = null)
{
    /// <summary>Weight 1, nothing guaranteed.</summary>
    public static FairShare Default { get; } = new();
}
