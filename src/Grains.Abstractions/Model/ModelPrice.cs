namespace GatoLink.Grains.Abstractions.Model;

/// <summary>A model's price from <see cref="EffectiveFrom"/> on, in micro-dollars per million tokens.</summary>
[GenerateSerializer]
[Alias("gatolink.model-price")]
public sealed record ModelPrice(
    string Model,
    long InputMicrosPerMillion,
    long OutputMicrosPerMillion,
    DateTimeOffset EffectiveFrom)
{
    /// <summary>Cost in micro-dollars of the given tokens at this price, rounded half away from zero.</summary>
    public long CostMicros(long promptTokens, long completionTokens)
    {
        // decimal keeps the product exact; a 128-bit intermediate would also do but reads worse.
        var micros = ((decimal)promptTokens * InputMicrosPerMillion + (decimal)completionTokens * OutputMicrosPerMillion) / 1_000_000m;
        return (long)Math.Round(micros, MidpointRounding.AwayFromZero);
    }
}
