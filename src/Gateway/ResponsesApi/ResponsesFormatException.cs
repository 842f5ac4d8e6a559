namespace GatoLink.Gateway.ResponsesApi;

/// <summary>A Responses request that cannot be served; the client's 400 names <see cref="Param"/>.</summary>
public sealed class ResponsesFormatException : Exception
{
    /// <summary>Creates the exception about <paramref name="param"/>.</summary>
    public ResponsesFormatException(string param, string message)
        : base(message) => Param = param;

    /// <summary>Creates the exception.</summary>
    public ResponsesFormatException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public ResponsesFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public ResponsesFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The request field at fault, as OpenAI names it (<c>input[2].content[0].type</c>).</summary>
    public string? Param { get; }
}
