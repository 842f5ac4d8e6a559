using GatoLink.Cli.Hosting;

namespace GatoLink.Cli;

/// <summary>The process entry point: real consoles and environment, then the same app the tests run in-process.</summary>
internal static class Program
{
    private static Task<int> Main(string[] args) => CliApp.RunAsync(args, CliContext.FromProcess());
}
