using System.Diagnostics;
using GatoLink.Integration.Tests.Infrastructure.Skipping;
using Xunit.Abstractions;

namespace GatoLink.Integration.Tests.Portal;

/// <summary>Runs the portal's vitest suite (its data layer), so <c>dotnet test GatoLink.sln</c> covers it too.</summary>
public sealed class PortalUnitTests
{
    private readonly ITestOutputHelper _output;

    public PortalUnitTests(ITestOutputHelper output) => _output = output;

    [ToolFact]
    public async Task Portal_vitest_suite_passes()
    {
        var npm = PortalRepository.FindOnPath("npm") ?? throw ToolMissing.Stop("npm", "Node.js 20 and npm");

        var dir = PortalRepository.SourceDirectory;
        // The silo's build installs node_modules; a test run of a prebuilt silo may still need it.
        if (!Directory.Exists(Path.Combine(dir, "node_modules")))
        {
            Assert.Equal(0, await RunAsync(npm, "ci --no-audit --no-fund", dir));
        }

        Assert.Equal(0, await RunAsync(npm, "test", dir));
    }

    private async Task<int> RunAsync(string file, string arguments, string directory)
    {
        var info = new ProcessStartInfo(file, arguments)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.Environment["CI"] = "true";
        info.Environment["NO_COLOR"] = "1";
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        _output.WriteLine(await stdout);
        _output.WriteLine(await stderr);
        return process.ExitCode;
    }
}
