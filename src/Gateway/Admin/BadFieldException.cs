namespace GatoLink.Gateway.Admin;

/// <summary>An admin body field of the wrong type; becomes 400 with <c>param</c> = the field.</summary>
public sealed class BadFieldException : Exception
{
    /// <summary>A bad body.</summary>
    public BadFieldException()
        : this("body")
    {
    }

    /// <summary>A bad <paramref name="field"/>.</summary>
    public BadFieldException(string field)
        : base($"'{field}' has the wrong type.") => Field = field;

    /// <summary>A bad <paramref name="field"/>, from a parse error.</summary>
    public BadFieldException(string field, Exception innerException)
        : base($"'{field}' has the wrong type.", innerException) => Field = field;

    /// <summary>The JSON field.</summary>
    public string Field { get; } = "body";
}
