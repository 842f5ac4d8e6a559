using Orleans.Concurrency;

namespace GatoLink.Grains.Abstractions.Quotas;

/// <summary>The limits and budgets of one key or tenant, held by its single activation in the cluster.</summary>
public interface ILimitedGrain
{
    /// <summary>Checks every limit and reserves the request's estimated tokens and cost, or refuses and reserves nothing.</summary>
    /// <param name="request">What to reserve.</param>
    /// <param name="cancellationToken">Cancelled by the caller's timeout: the grain then reserves nothing more for it.</param>
    Task<AdmitResult> Admit(AdmitRequest request, CancellationToken cancellationToken);

    /// <summary>Replaces a reservation's estimate with the actual usage; a second settle of one reservation is ignored.</summary>
    Task Settle(Settlement settlement);

    /// <summary>Every limit that is set, with the cluster's use of it now.</summary>
    [ReadOnly]
    Task<LimitReading[]> ReadLimits();

    /// <summary>The <c>x-ratelimit-*</c> headers now, for responses that admit nothing.</summary>
    [ReadOnly]
    Task<KeyValuePair<string, string>[]> RateLimitHeaders();

    /// <summary>Reloads the limits from storage after an admin change; counts in the current windows are kept.</summary>
    Task Refresh();
}
