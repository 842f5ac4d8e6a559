using System.Diagnostics;
using Xunit.Abstractions;

namespace GatoLink.Integration.Tests.Infrastructure;

/// <summary>Runs a tool (npm, node) for a test: its output to the test's log, bounded by five minutes.</summary>
internal static class ToolProcess
{
    /// <summary>Runs <paramref name="file"/> in <paramref name="directory"/> with <paramref name="environment"/>; returns its exit code and stdout.</summary>
    public static async Task<(int Exit, string Stdout)> RunAsync(string file, string arguments, string directory, ITestOutputHelper output, IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(file, arguments)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.Environment["NO_COLOR"] = "1";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        output.WriteLine(await stdout);
        output.WriteLine(await stderr);
        return (process.ExitCode, await stdout);
    }
}
