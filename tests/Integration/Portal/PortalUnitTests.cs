using GatoLink.Integration.Tests.Infrastructure;
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

    private async Task<int> RunAsync(string file, string arguments, string directory) =>
        (await ToolProcess.RunAsync(file, arguments, directory, _output, new Dictionary<string, string> { ["CI"] = "true" })).Exit;
}
