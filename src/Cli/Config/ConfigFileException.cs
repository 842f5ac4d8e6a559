namespace GatoLink.Cli.Config;

/// <summary>The config file could not be read or written.</summary>
public sealed class ConfigFileException : Exception
{
    /// <summary>A failure on <paramref name="path"/>.</summary>
    public ConfigFileException(string path, string reason, Exception innerException)
        : base($"config file {path}: {reason}", innerException)
    {
    }
}
