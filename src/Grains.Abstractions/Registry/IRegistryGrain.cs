namespace GatoLink.Grains.Abstractions.Registry;

/// <summary>
/// Fans registry changes out to every silo (key 0: one per cluster). Silos renew their subscription every few seconds;
/// a new incarnation (the grain moved after a silo died) tells them to re-read everything once, so a change published
/// while they were not subscribed is never missed.
/// </summary>
[Alias("gatolink.registry-grain")]
public interface IRegistryGrain : IGrainWithIntegerKey
{
    /// <summary>Subscribes or renews; returns this activation's incarnation id.</summary>
    Task<Guid> Subscribe(IRegistryObserver observer);

    /// <summary>Stops telling <paramref name="observer"/> (a silo leaving).</summary>
    Task Unsubscribe(IRegistryObserver observer);

    /// <summary>Tells every subscribed silo that an entry changed.</summary>
    Task Publish(RegistryChange change);
}
