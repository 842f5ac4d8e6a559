namespace GatoLink.Grains.Abstractions.Keys;

/// <summary>Lifecycle of a key.</summary>
public enum ApiKeyStatus
{
    /// <summary>Usable.</summary>
    Active,
    /// <summary>Revoked by an admin; refused everywhere.</summary>
    Revoked,
}
