namespace GatoLink.Grains.Tests.Telemetry;

/// <summary>Finds files of the repository from the test's output folder.</summary>
internal static class RepoPaths
{
    public static string Root()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (System.IO.File.Exists(Path.Combine(dir.FullName, "GatoLink.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException($"No GatoLink.sln above {AppContext.BaseDirectory}.");
    }

    public static string File(string relative) => Path.Combine(Root(), relative);
}
