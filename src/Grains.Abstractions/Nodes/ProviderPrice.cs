namespace GatoLink.Grains.Abstractions.Nodes;

/// <summary>
/// What an external provider charges for one model, in integer micro-USD per million tokens: the ledger's
/// <c>provider_cost_micros</c> of an attempt it served (what the operator pays, beside what the tenant is billed).
/// </summary>
/// <param name="Model">The model's name as clients send it (the registry's canonical name).</param>
/// <param name="InputMicrosPerMillion">Price of a million prompt tokens.</param>
/// <param name="OutputMicrosPerMillion">Price of a million completion tokens.</param>
[GenerateSerializer]
[Alias("gatolink.provider-price")]
public sealed record ProviderPrice(
    [property: Id(0)] string Model,
    [property: Id(1)] long InputMicrosPerMillion,
    [property: Id(2)] long OutputMicrosPerMillion)
{
    /// <summary>Cost in micro-USD of the given tokens, rounded half away from zero (decimal keeps the product exact).</summary>
    public long CostMicros(long promptTokens, long completionTokens) =>
        (long)Math.Round(((decimal)promptTokens * InputMicrosPerMillion + (decimal)completionTokens * OutputMicrosPerMillion) / 1_000_000m, MidpointRounding.AwayFromZero);
}
