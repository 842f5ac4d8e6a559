using System.Diagnostics;
using GatoLink.Integration.Tests.Infrastructure.Skipping;

namespace GatoLink.Integration.Tests.Observability;

/// <summary>Finds and runs Debian tools (promtool, prometheus) the observability tests use.</summary>
internal static class ExternalTool
{
    /// <summary>Full path of a tool on PATH; a missing tool skips the test (a <see cref="ToolFactAttribute"/>), or fails it under CI=true.</summary>
    /// <param name="name">The executable.</param>
    /// <param name="package">The Debian package that has it.</param>
    public static string Find(string name, string package = "prometheus")
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var path = Path.Combine(dir, name);
            if (File.Exists(path))
            {
                return path;
            }
        }

        throw ToolMissing.Stop(name, $"apt-get install -y {package}");
    }

    /// <summary>Runs a tool to completion with stdin text; returns exit code and output.</summary>
    public static async Task<(int Exit, string Output)> RunAsync(string path, string arguments, string? stdin = null)
    {
        var info = new ProcessStartInfo(path, arguments)
        {
            RedirectStandardInput = stdin is not null,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(info)!;
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
            process.StandardInput.Close();
        }

        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(cts.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}
