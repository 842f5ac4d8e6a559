namespace GatoLink.Grains.Abstractions.Storage;

/// <summary>
/// A grain could not read what it needs from storage (the database is away), so it could not activate; callers fail
/// closed with 503 and <c>Retry-After</c>. The cause travels as text: a provider's own exception cannot cross silos.
/// </summary>
[GenerateSerializer]
[Alias("gatolink.storage-unavailable")]
public sealed class StorageUnavailableException : Exception
{
    /// <summary>Creates the exception.</summary>
    public StorageUnavailableException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public StorageUnavailableException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception (the inner exception stays on this silo: it is not serialized).</summary>
    public StorageUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
