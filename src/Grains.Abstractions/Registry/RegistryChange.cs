namespace GatoLink.Grains.Abstractions.Registry;

/// <summary>One registry entry changed in storage; every silo re-reads that entry alone.</summary>
/// <param name="Entity">Its kind.</param>
/// <param name="Id">Its id (a key or tenant id, a model name, a node id; empty for <see cref="RegistryEntity.KeyGrace"/>).</param>
[GenerateSerializer]
[Alias("gatolink.registry-change")]
public sealed record RegistryChange(RegistryEntity Entity, string Id);
