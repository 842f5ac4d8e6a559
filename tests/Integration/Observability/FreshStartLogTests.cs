using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using GatoLink.Integration.Tests.Infrastructure.Skipping;
using GatoLink.Integration.Tests.Infrastructure;

namespace GatoLink.Integration.Tests.Observability;

/// <summary>
/// The silo as a new user first runs it: defaults only (embedded SQLite, two embedded nodes, a fresh data directory,
/// the shipped appsettings.json), in its own process. Its first start logs no warning and no stack trace, as JSON
/// lines when its output is redirected and as readable lines on a terminal.
/// </summary>
public sealed partial class FreshStartLogTests
{
    [Fact]
    public async Task RedirectedOutputIsJsonLinesAndAFreshStartAndStopLogNoWarning()
    {
        using var run = await FreshSilo.StartAsync(terminal: false);
        await run.StopAsync();

        var lines = run.Lines;
        var json = lines.Where(l => l.StartsWith('{')).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();
        Assert.Contains(json, e => e.GetProperty("Message").GetString()!.StartsWith("Now listening on", StringComparison.Ordinal));
        var complaints = json.Where(e => e.GetProperty("LogLevel").GetString() is "Warning" or "Error" or "Critical" || e.TryGetProperty("Exception", out _));
        Assert.True(!complaints.Any(), string.Join('\n', complaints));
        Assert.DoesNotContain(lines, l => l.Contains("   at ", StringComparison.Ordinal));
    }

    [ToolFact]
    public async Task OnATerminalTheEmbeddedSiloLogsReadableLinesAndNoWarning()
    {
        var script = ExternalTool.Find("script", "bsdutils");

        using var run = await FreshSilo.StartAsync(terminal: true);
        var lines = run.Lines.Select(l => Ansi().Replace(l, string.Empty)).ToList();

        Assert.Contains(lines, l => ReadableLine().IsMatch(l) && l.Contains("Now listening on", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains("{\"Timestamp\"", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => Complaint().IsMatch(l));
        Assert.DoesNotContain(lines, l => l.Contains("   at ", StringComparison.Ordinal));
    }

    [GeneratedRegex(@"^\d\d:\d\d:\d\d info: ")]
    private static partial Regex ReadableLine();

    [GeneratedRegex(@"\b(warn|fail|crit): ")]
    private static partial Regex Complaint();

    [GeneratedRegex(@"\x1B(\[[0-9;?=]*[A-Za-z]|[=>])")]
    private static partial Regex Ansi();

    /// <summary><c>dotnet GatoLink.Silo.dll</c> in a fresh working directory holding only the shipped appsettings.json.</summary>
    private sealed class FreshSilo : IDisposable
    {
        private readonly Process _process;
        private readonly DirectoryInfo _directory;
        private readonly ConcurrentQueue<string> _lines = new();

        private FreshSilo(Process process, DirectoryInfo directory)
        {
            _process = process;
            _directory = directory;
        }

        public List<string> Lines => [.. _lines];

        public static async Task<FreshSilo> StartAsync(bool terminal)
        {
            var directory = Directory.CreateTempSubdirectory("gatolink-fresh-");
            var silo = SiloAssembly();
            File.Copy(Path.Combine(Path.GetDirectoryName(silo)!, "appsettings.json"), Path.Combine(directory.FullName, "appsettings.json"));
            var port = LoopbackPorts.Free();
            var start = terminal
                ? new ProcessStartInfo(ExternalTool.Find("script", "bsdutils")) { ArgumentList = { "-qfec", $"dotnet {silo}", "/dev/null" } }
                : new ProcessStartInfo("dotnet") { ArgumentList = { silo } };
            start.WorkingDirectory = directory.FullName;
            start.RedirectStandardOutput = true;
            start.RedirectStandardError = true;
            start.RedirectStandardInput = terminal;
            start.UseShellExecute = false;
            foreach (var inherited in new[] { "GATOLINK_POSTGRES", "GATOLINK_ADMIN_KEY", "OTEL_EXPORTER_OTLP_ENDPOINT", "ASPNETCORE_ENVIRONMENT", "DOTNET_ENVIRONMENT" })
            {
                start.Environment.Remove(inherited);
            }

            foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("GatoLink__", StringComparison.Ordinal) || k.StartsWith("Logging__", StringComparison.Ordinal)).ToList())
            {
                start.Environment.Remove(key);
            }

            // Only what several test silos on one machine need: their own HTTP and Orleans ports.
            start.Environment["GatoLink__Listen"] = $"http://127.0.0.1:{port}";
            start.Environment["GatoLink__Orleans__SiloPort"] = "0";
            start.Environment["GatoLink__Orleans__GatewayPort"] = "0";
            var process = Process.Start(start) ?? throw new InvalidOperationException("Cannot start the silo.");
            var run = new FreshSilo(process, directory);
            process.OutputDataReceived += (_, e) => run.Keep(e.Data);
            process.ErrorDataReceived += (_, e) => run.Keep(e.Data);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();

            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(5) };
            var deadline = Stopwatch.StartNew();
            while (true)
            {
                Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(90) && !process.HasExited, "The silo did not become ready:\n" + string.Join('\n', run.Lines));
                try
                {
                    using var ready = await http.GetAsync("readyz");
                    if (ready.StatusCode == HttpStatusCode.OK)
                    {
                        break;
                    }
                }
                catch (HttpRequestException)
                {
                    // Still starting.
                }
                catch (TaskCanceledException)
                {
                    // Still starting, slowly.
                }

                await Task.Delay(250);
            }

            // A few seconds of a running silo: its first background ticks (node scrapes, ledger maintenance, watchdog).
            await Task.Delay(TimeSpan.FromSeconds(4));
            return run;
        }

        /// <summary>SIGTERM, as a user's Ctrl+C or a service manager, and waits for the exit.</summary>
        public async Task StopAsync()
        {
            using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
            }

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await _process.WaitForExitAsync(timeout.Token);
        }

        public void Dispose()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(TimeSpan.FromSeconds(30));
            }

            _process.Dispose();
            try
            {
                _directory.Delete(recursive: true);
            }
            catch (IOException)
            {
                // A file still held for a moment by the exiting process: a temp directory is harmless.
            }
        }

        private void Keep(string? line)
        {
            if (line is not null)
            {
                _lines.Enqueue(line);
            }
        }

        private static string SiloAssembly()
        {
            var testOutput = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            var dll = Path.Combine(
                RepoFiles.Path("src"), "Silo", "bin", testOutput.Parent!.Name, testOutput.Name, "GatoLink.Silo.dll");
            return File.Exists(dll) ? dll : throw new InvalidOperationException($"The silo is not built: {dll} is missing.");
        }
    }
}
