namespace GatoLink.Integration.Tests.Observability;

/// <summary>Finds files of the repository from the test's output folder.</summary>
internal static class RepoFiles
{
    public static string Path(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "GatoLink.sln")))
            {
                return System.IO.Path.Combine(dir.FullName, relative);
            }
        }

        throw new DirectoryNotFoundException($"No GatoLink.sln above {AppContext.BaseDirectory}.");
    }
}
