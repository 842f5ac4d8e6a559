using GatoLink.Grains.Abstractions.Registry;

namespace GatoLink.Grains.Registry;

/// <summary>
/// The cluster's fan-out of registry changes to silos, over grain observers. Subscriptions a silo stopped renewing
/// (it died) expire after <see cref="RegistryTiming.SubscriptionLifetime"/>.
/// </summary>
public sealed class RegistryGrain : Grain, IRegistryGrain
{
    private readonly Dictionary<IRegistryObserver, DateTimeOffset> _observers = [];
    private readonly Guid _incarnation = Guid.NewGuid();
    private readonly TimeProvider _time;

    /// <summary>Creates the grain.</summary>
    public RegistryGrain(TimeProvider time) => _time = time;

    /// <inheritdoc />
    public Task<Guid> Subscribe(IRegistryObserver observer)
    {
        _observers[observer] = _time.GetUtcNow() + RegistryTiming.SubscriptionLifetime;
        return Task.FromResult(_incarnation);
    }

    /// <inheritdoc />
    public Task Unsubscribe(IRegistryObserver observer)
    {
        _observers.Remove(observer);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task Publish(RegistryChange change)
    {
        var now = _time.GetUtcNow();
        foreach (var (observer, expires) in _observers)
        {
            if (expires < now)
            {
                _observers.Remove(observer);
                continue;
            }

            // One-way: a slow or dead silo never holds up the admin call that published.
            _ = observer.OnChanged(change);
        }

        return Task.CompletedTask;
    }
}
