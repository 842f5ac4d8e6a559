namespace GatoLink.Grains.Abstractions.Storage;

/// <summary>A write hit a unique constraint (same id, name or key hash); the API answers 409.</summary>
public sealed class DuplicateEntityException : Exception
{
    /// <summary>Creates the exception.</summary>
    public DuplicateEntityException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public DuplicateEntityException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception around the provider's own error.</summary>
    public DuplicateEntityException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The table whose constraint was violated, when known.</summary>
    public string? Entity { get; init; }
}
