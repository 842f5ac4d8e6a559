namespace GatoLink.Grains.Abstractions.Quotas;

/// <summary>
/// The authority for one API key's rate limits and budgets (key: the key id). When the key's tenant has limits, the
/// key grain asks the tenant grain in the same admission, so the caller makes one grain call.
/// </summary>
[Alias("gatolink.api-key-grain")]
public interface IApiKeyGrain : IGrainWithGuidKey, ILimitedGrain;
