using Orleans.Concurrency;

namespace GatoLink.Grains.Abstractions.Registry;

/// <summary>A silo's ear for registry changes made on any silo.</summary>
[Alias("gatolink.registry-observer")]
public interface IRegistryObserver : IGrainObserver
{
    /// <summary>An entry changed in storage: re-read it.</summary>
    [OneWay]
    Task OnChanged(RegistryChange change);
}
