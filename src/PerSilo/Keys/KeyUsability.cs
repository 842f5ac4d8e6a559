namespace GatoLink.PerSilo.Keys;

/// <summary>Whether a key can be used right now.</summary>
public enum KeyUsability
{
    /// <summary>Active and not expired.</summary>
    Usable,
    /// <summary>Revoked by an admin.</summary>
    Revoked,
    /// <summary>Past its expiry.</summary>
    Expired,
}
