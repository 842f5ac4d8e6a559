namespace GatoLink.Silo.Ledger;

/// <summary>The usage spool could not make an event durable (full disk, damaged file, I/O error).</summary>
public sealed class SpoolUnavailableException : Exception
{
    /// <summary>Creates the exception.</summary>
    public SpoolUnavailableException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public SpoolUnavailableException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with the SQLite error behind it.</summary>
    public SpoolUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Why: <c>full</c>, <c>corrupt</c> or <c>io</c> (the metric's reason label).</summary>
    public string Reason { get; init; } = "io";
}
