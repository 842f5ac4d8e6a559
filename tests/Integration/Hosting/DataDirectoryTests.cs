using System.Diagnostics;
using GatoLink.Integration.Tests.Observability;

namespace GatoLink.Integration.Tests.Hosting;

/// <summary>
/// <c>dotnet run --project src/Silo</c> keeps the caller's working directory, so the default data directory
/// <c>./data</c> is beside the caller, as the README says, not in <c>src/Silo/data</c>.
/// </summary>
public sealed class DataDirectoryTests
{
    [Fact]
    public async Task DotnetRunStartsTheSiloInTheCallersDirectory()
    {
        var caller = Directory.CreateTempSubdirectory("gatolink-run-").FullName;
        try
        {
            var start = new ProcessStartInfo("dotnet", ["msbuild", RepoFiles.Path("src/Silo/GatoLink.Silo.csproj"), "-getProperty:RunWorkingDirectory", "-nologo"])
            {
                WorkingDirectory = caller,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            using var process = Process.Start(start)!;
            var output = await process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync();

            Assert.True(process.ExitCode == 0, output + await process.StandardError.ReadToEndAsync());
            Assert.Equal(caller.TrimEnd('/'), output.Trim().TrimEnd('/'));
        }
        finally
        {
            Directory.Delete(caller, recursive: true);
        }
    }
}
