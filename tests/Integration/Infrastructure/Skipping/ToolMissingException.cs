namespace GatoLink.Integration.Tests.Infrastructure.Skipping;

/// <summary>A tool a test needs is not installed on this machine: a <see cref="ToolFactAttribute"/> test reports itself skipped with the reason.</summary>
public sealed class ToolMissingException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ToolMissingException()
    {
    }

    /// <summary>Creates the exception with the reason the test reports.</summary>
    public ToolMissingException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with the reason and its cause.</summary>
    public ToolMissingException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
