namespace GatoLink.Grains.Abstractions.Model;

/// <summary>
/// A model's price from <see cref="EffectiveFrom"/> on: micro-dollars per million tokens for what a node computes, and
/// micro-dollars per answer from the response cache (<see cref="CacheHitMicros"/>, default 0). A hit is priced per hit,
/// not per token: it uses no node tokens, counts against the request rate and not the token rate, and its ledger row
/// has no tokens for a per-token price to multiply.
/// </summary>
[GenerateSerializer]
[Alias("gatolink.model-price")]
public sealed record ModelPrice(
    string Model,
    long InputMicrosPerMillion,
    long OutputMicrosPerMillion,
    DateTimeOffset EffectiveFrom,
    long CacheHitMicros = 0)
{
    /// <summary>Cost in micro-dollars of the given tokens at this price, rounded half away from zero.</summary>
    public long CostMicros(long promptTokens, long completionTokens) => CostMicros(promptTokens, completionTokens, InputMicrosPerMillion, OutputMicrosPerMillion);

    /// <summary>Cost in micro-dollars of tokens at prices per million, rounded half away from zero: every token price's arithmetic.</summary>
    public static long CostMicros(long promptTokens, long completionTokens, long inputMicrosPerMillion, long outputMicrosPerMillion)
    {
        // decimal keeps the product exact; a 128-bit intermediate would also do but reads worse.
        var micros = ((decimal)promptTokens * inputMicrosPerMillion + (decimal)completionTokens * outputMicrosPerMillion) / 1_000_000m;
        return (long)Math.Round(micros, MidpointRounding.AwayFromZero);
    }
}
