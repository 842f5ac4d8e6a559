namespace GatoLink.Integration.Tests.Portal;

/// <summary>Where the portal's sources are, found from the test assembly's directory.</summary>
internal static class PortalRepository
{
    /// <summary>web/portal of the repository these tests were built from.</summary>
    public static string SourceDirectory
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "GatoLink.sln")))
                {
                    return Path.Combine(dir.FullName, "web", "portal");
                }
            }

            throw new InvalidOperationException($"No GatoLink.sln above {AppContext.BaseDirectory}.");
        }
    }

    /// <summary>True under CI, where a missing tool fails a test instead of skipping it.</summary>
    public static bool OnCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Full path of a program on PATH, or null.</summary>
    public static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);
}
