using System.Diagnostics;
using System.Globalization;

namespace GatoLink.Bench.Failover;

/// <summary>
/// Heap snapshots of a silo by type, when <c>GATOLINK_BENCH_GCDUMP</c> names a directory: <c>dotnet-gcdump collect</c>
/// (a .NET tool: <c>dotnet tool install -g dotnet-gcdump</c>) after each step, for <c>dotnet-gcdump report</c>. A dump
/// forces a full blocking collection, so the RSS figures of a run with dumps are not those of one without.
/// </summary>
public static class HeapDumps
{
    private static readonly string? Directory = Environment.GetEnvironmentVariable("GATOLINK_BENCH_GCDUMP");

    /// <summary>Whether this run takes dumps.</summary>
    public static bool Enabled => !string.IsNullOrEmpty(Directory);

    /// <summary>Writes DIR/<paramref name="name"/>.gcdump of process <paramref name="pid"/>; nothing when not enabled.</summary>
    public static async Task CollectAsync(int pid, string name, CancellationToken ct)
    {
        if (!Enabled)
        {
            return;
        }

        var tools = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".dotnet", "tools", "dotnet-gcdump");
        var info = new ProcessStartInfo(File.Exists(tools) ? tools : "dotnet-gcdump") { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in new[] { "collect", "-p", pid.ToString(CultureInfo.InvariantCulture), "-o", Path.Combine(Directory!, name + ".gcdump") })
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException("Cannot start dotnet-gcdump.");
        await process.StandardOutput.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        Console.WriteLine($"   heap dump {name}: exit {process.ExitCode}");
    }
}
