using GatoLink.Grains.Abstractions.Usage;
using GatoLink.Grains.Billing;

namespace GatoLink.Silo.Ledger;

/// <summary>
/// Tells the other features on the billing path (alerts, attribution, …) about each event recorded. They are other
/// features' code: one that throws is logged and never loses a bill or a request.
/// </summary>
internal sealed class UsageObservers(IEnumerable<IUsageObserver> observers, ILogger logger)
{
    private readonly IUsageObserver[] _observers = [.. observers];

    /// <summary>Every observer sees <paramref name="usage"/>.</summary>
    public void Published(UsageEvent usage)
    {
        foreach (var observer in _observers)
        {
            try
            {
                observer.OnPublished(usage);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LedgerLog.ObserverFailed(logger, ex, observer.GetType().Name);
            }
        }
    }
}
