namespace GatoLink.Gateway.Admin;

/// <summary>A model's prices after a change: the one in force now and the whole history.</summary>
public sealed record PricingView(string Model, PriceView? Price, IReadOnlyList<PriceView> PriceHistory);
