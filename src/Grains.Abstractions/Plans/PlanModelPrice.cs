namespace GatoLink.Grains.Abstractions.Plans;

/// <summary>
/// A plan's own price for one model: for tenants on the plan it replaces the model's price (admission, the ledger row's
/// cost, the invoice's unit prices). Integer micro-USD per million tokens.
/// </summary>
/// <param name="Model">The model's name (not an alias).</param>
/// <param name="InputMicrosPerMillion">Price of a million prompt tokens.</param>
/// <param name="OutputMicrosPerMillion">Price of a million completion tokens.</param>
[GenerateSerializer]
[Alias("gatolink.plan-model-price")]
public sealed record PlanModelPrice(
    [property: Id(0)] string Model,
    [property: Id(1)] long InputMicrosPerMillion,
    [property: Id(2)] long OutputMicrosPerMillion);
