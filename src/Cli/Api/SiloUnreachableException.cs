namespace GatoLink.Cli.Api;

/// <summary>No answer at all: connection refused, name not found, TLS failure, timeout.</summary>
public sealed class SiloUnreachableException : Exception
{
    /// <summary>The silo at <paramref name="url"/> could not be reached, because of <paramref name="innerException"/>.</summary>
    public SiloUnreachableException(Uri url, string reason, Exception innerException)
        : base($"cannot reach the silo at {url}: {reason}", innerException)
    {
        Url = url;
    }

    /// <summary>The URL that was tried.</summary>
    public Uri Url { get; }
}
