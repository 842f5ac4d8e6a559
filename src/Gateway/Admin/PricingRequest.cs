namespace GatoLink.Gateway.Admin;

/// <summary>Body of <c>PUT /admin/models/{name}/pricing</c>.</summary>
public sealed record PricingRequest(decimal? InputPerMillionUsd, decimal? OutputPerMillionUsd, DateTimeOffset? EffectiveFrom);
