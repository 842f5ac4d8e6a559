namespace GatoLink.Gateway.AnthropicApi;

/// <summary>A request that cannot be translated between chat and Messages (either way); its message is the client's 400, naming the field.</summary>
public sealed class MessagesFormatException : Exception
{
    /// <summary>Creates the exception.</summary>
    public MessagesFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public MessagesFormatException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public MessagesFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
