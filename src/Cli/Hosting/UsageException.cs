namespace GatoLink.Cli.Hosting;

/// <summary>The command line cannot be run as given (exit code 2); the message says what to change.</summary>
public sealed class UsageException : Exception
{
    /// <summary>A usage error.</summary>
    public UsageException(string message)
        : base(message)
    {
    }
}
