using System.Diagnostics;

namespace GatoLink.Integration.Tests.Cli;

/// <summary>Runs the built gatolink-admin as a separate process, the way a user or a script does.</summary>
public static class CliProcess
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    /// <summary>The CLI's own build output (src/Cli/bin/{configuration}/net10.0/gatolink-admin.dll).</summary>
    public static string DllPath
    {
        get
        {
            var testBin = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            var framework = testBin.Name;
            var configuration = testBin.Parent!.Name;
            var root = testBin;
            while (root is not null && !File.Exists(Path.Combine(root.FullName, "GatoLink.sln")))
            {
                root = root.Parent;
            }

            Assert.True(root is not null, "GatoLink.sln not found above " + AppContext.BaseDirectory);
            var dll = Path.Combine(root.FullName, "src", "Cli", "bin", configuration, framework, "gatolink-admin.dll");
            Assert.True(File.Exists(dll), dll + " is missing: the test project's reference builds it.");
            return dll;
        }
    }

    /// <summary>Runs it with exactly <paramref name="environment"/> added to a clean environment; output as raw bytes.</summary>
    public static async Task<(int ExitCode, byte[] Stdout, string Stderr)> RunAsync(IReadOnlyDictionary<string, string?> environment, params string[] args)
    {
        using var process = Start(environment, args);
        using var stdout = new MemoryStream();
        var copy = process.StandardOutput.BaseStream.CopyToAsync(stdout);
        var stderr = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(Patience);
        await process.WaitForExitAsync(deadline.Token);
        await copy;
        return (process.ExitCode, stdout.ToArray(), await stderr);
    }

    /// <summary>Runs it as <see cref="RunAsync"/> does, copying standard error into <paramref name="stderr"/> as it is written.</summary>
    public static async Task<(int ExitCode, string Stdout)> RunWatchedAsync(IReadOnlyDictionary<string, string?> environment, WatchedWriter stderr, params string[] args)
    {
        ArgumentNullException.ThrowIfNull(stderr);
        using var process = Start(environment, args);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var copy = CopyAsync(process.StandardError, stderr);
        using var deadline = new CancellationTokenSource(Patience);
        await process.WaitForExitAsync(deadline.Token);
        await copy;
        return (process.ExitCode, await stdout);
    }

    private static Process Start(IReadOnlyDictionary<string, string?> environment, string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(DllPath);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var name in new[] { "GATOLINK_URL", "GATOLINK_ADMIN_KEY", "GATOLINK_CONFIG", "GATOLINK_PROFILE", "NO_COLOR" })
        {
            start.Environment.Remove(name);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var process = Process.Start(start)!;
        process.StandardInput.Close();
        return process;
    }

    private static async Task CopyAsync(StreamReader from, TextWriter to)
    {
        var buffer = new char[4096];
        int read;
        while ((read = await from.ReadAsync(buffer)) > 0)
        {
            to.Write(buffer, 0, read);
        }
    }
}
