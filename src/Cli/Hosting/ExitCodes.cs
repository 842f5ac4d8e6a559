namespace GatoLink.Cli.Hosting;

/// <summary>What the process returns: scripts branch on these.</summary>
public static class ExitCodes
{
    /// <summary>The command did what it was asked.</summary>
    public const int Success = 0;

    /// <summary>The silo refused or failed the call, could not be reached, or rejected the key.</summary>
    public const int Failed = 1;

    /// <summary>The command line was wrong: unknown command, bad or missing argument, no connection configured.</summary>
    public const int Usage = 2;

    /// <summary>Interrupted (Ctrl+C), as shells report SIGINT.</summary>
    public const int Cancelled = 130;
}
