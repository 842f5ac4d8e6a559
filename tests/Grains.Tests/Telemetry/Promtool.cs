using System.Diagnostics;
using Xunit.Abstractions;

namespace GatoLink.Grains.Tests.Telemetry;

/// <summary>
/// Runs Prometheus' own <c>promtool</c> (Debian package <c>prometheus</c>). On CI
/// (<c>CI=true</c>) a missing promtool fails the test; elsewhere the test returns early.
/// </summary>
internal static class Promtool
{
    public static string? Find()
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        return path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, "promtool"))
            .FirstOrDefault(File.Exists);
    }

    /// <summary>The promtool path, or null (after saying why) when the test should return early.</summary>
    public static string? FindOrFailOnCi(ITestOutputHelper output)
    {
        var promtool = Find();
        if (promtool is not null)
        {
            return promtool;
        }

        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Assert.Fail("promtool is not on PATH and CI=true: install it (apt-get install -y prometheus).");
        }

        output.WriteLine("promtool not on PATH: check not run (apt-get install -y prometheus to run it).");
        return null;
    }

    public static async Task<(int ExitCode, string Output)> RunAsync(string promtool, string? standardInput, params string[] arguments)
    {
        var start = new ProcessStartInfo(promtool)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {promtool}.");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        if (standardInput is not null)
        {
            await process.StandardInput.WriteAsync(standardInput.AsMemory(), timeout.Token);
        }

        process.StandardInput.Close();
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}
