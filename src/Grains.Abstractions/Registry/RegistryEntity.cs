namespace GatoLink.Grains.Abstractions.Registry;

/// <summary>What kind of registry entry changed.</summary>
public enum RegistryEntity
{
    /// <summary>A tenant (created, updated, deleted).</summary>
    Tenant,

    /// <summary>An API key (created, updated, revoked, rotated).</summary>
    Key,

    /// <summary>The old secrets of rotated keys still in their grace period.</summary>
    KeyGrace,

    /// <summary>A model or its prices.</summary>
    Model,

    /// <summary>A GPU node (registered, updated, drained, removed).</summary>
    Node,

    /// <summary>A plan (created or changed: a new version, possibly with new model prices).</summary>
    Plan,
}
