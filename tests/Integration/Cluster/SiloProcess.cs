using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace GatoLink.Integration.Tests.Cluster;

/// <summary>
/// One silo as a real child process: <c>dotnet GatoLink.Silo.dll</c> from the build output of src/Silo, configured
/// only through environment variables, with its own data directory and Kestrel on 127.0.0.1 at a port the OS picks.
/// Its console output is kept (for the address, activation logs and failure messages). Disposing kills it.
/// Free of xUnit so that bench/failover can compile it too.
/// </summary>
public sealed partial class SiloProcess : IAsyncDisposable
{
    private const int MaxLines = 50_000;

    private readonly Process _process;
    private readonly string _dataDirectory;
    private readonly bool _ownsDataDirectory;
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly TaskCompletionSource<Uri> _address = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly EventHandler _killOnExit;

    private SiloProcess(string name, Process process, string dataDirectory, bool ownsDataDirectory)
    {
        _ownsDataDirectory = ownsDataDirectory;
        Name = name;
        _process = process;
        _dataDirectory = dataDirectory;
        // A test run that ends abruptly must not leave silos behind.
        _killOnExit = (_, _) => KillQuietly();
        AppDomain.CurrentDomain.ProcessExit += _killOnExit;
    }

    /// <summary>A label for messages (silo-0, silo-1, …).</summary>
    public string Name { get; }

    /// <summary>Its data directory (SQLite spool, bootstrap file); a restart may reuse it.</summary>
    public string DataDirectory => _dataDirectory;

    /// <summary>The process id.</summary>
    public int Pid => _process.Id;

    /// <summary>Root URL of its HTTP endpoint, e.g. http://127.0.0.1:41234/ (known once started).</summary>
    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>True once the process has exited (or was killed).</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>The exit code (after exit).</summary>
    public int ExitCode => _process.ExitCode;

    /// <summary>Everything the process wrote to stdout and stderr so far (the last lines when it wrote very many).</summary>
    public string Output => string.Join(Environment.NewLine, _lines);

    /// <summary>
    /// Locates GatoLink.Silo.dll: src/Silo's own build output for the configuration the caller was built in (found by
    /// walking up from <paramref name="baseDirectory"/> to GatoLink.sln), else the copy beside the caller's assembly.
    /// </summary>
    public static string LocateSiloDll(string? baseDirectory = null)
    {
        baseDirectory ??= AppContext.BaseDirectory;
        var configuration = baseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
        for (var dir = new DirectoryInfo(baseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "GatoLink.sln")))
            {
                var built = Path.Combine(dir.FullName, "src", "Silo", "bin", configuration, "net10.0", "GatoLink.Silo.dll");
                if (File.Exists(built))
                {
                    return built;
                }

                break;
            }
        }

        var beside = Path.Combine(baseDirectory, "GatoLink.Silo.dll");
        return File.Exists(beside)
            ? beside
            : throw new FileNotFoundException($"GatoLink.Silo.dll not found under src/Silo/bin/{configuration}/net10.0 or in {baseDirectory}; build src/Silo first.");
    }

    /// <summary>
    /// The environment of a cluster silo: PostgreSQL, shared admin key, no embedded nodes, any free Orleans ports, the
    /// given NodeSim nodes serving demo-8b, and key-grain activations logged (tests read them to learn placement).
    /// </summary>
    public static Dictionary<string, string> ClusterEnvironment(string postgres, string adminKey, IReadOnlyList<Uri> nodes)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        var env = new Dictionary<string, string>
        {
            ["GATOLINK_POSTGRES"] = postgres,
            ["GATOLINK_ADMIN_KEY"] = adminKey,
            ["ASPNETCORE_URLS"] = "http://127.0.0.1:0",
            ["GatoLink__EmbeddedNodes"] = "0",
            ["GatoLink__DemoTenant"] = "false",
            ["GatoLink__Banner"] = "true",
            ["GatoLink__Orleans__SiloPort"] = "0",
            ["GatoLink__Orleans__GatewayPort"] = "0",
            ["GatoLink__Models__0__Name"] = "demo-8b",
            ["GatoLink__Models__0__InputPricePerMillionUsd"] = "1.0",
            ["GatoLink__Models__0__OutputPricePerMillionUsd"] = "2.0",
            ["Logging__LogLevel__Default"] = "Warning",
            ["Logging__LogLevel__Orleans"] = "Warning",
            // "Key grain {KeyId} activated …" tells which process holds which key.
            ["Logging__LogLevel__GatoLink.Grains.Keys.ApiKeyGrain"] = "Debug",
        };
        for (var i = 0; i < nodes.Count; i++)
        {
            env[$"GatoLink__Nodes__{i}__Id"] = $"node-{i + 1}";
            env[$"GatoLink__Nodes__{i}__BaseUrl"] = nodes[i].ToString();
            env[$"GatoLink__Nodes__{i}__Models__0"] = "demo-8b";
        }

        return env;
    }

    /// <summary>
    /// The environment of a silo as a user runs it on its embedded default (SQLite in its data directory), with the
    /// given admin key and NodeSim nodes serving demo-8b and no embedded nodes.
    /// </summary>
    public static Dictionary<string, string> EmbeddedEnvironment(string adminKey, IReadOnlyList<Uri> nodes)
    {
        var env = ClusterEnvironment(postgres: "", adminKey, nodes);
        env.Remove("GATOLINK_POSTGRES");
        env.Remove("Logging__LogLevel__GatoLink.Grains.Keys.ApiKeyGrain");
        env["Logging__LogLevel__GatoLink.Silo.Hosting"] = "Information";
        env["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information";
        return env;
    }

    /// <summary>Starts the process and waits until it prints its address and <c>/readyz</c> answers 200.</summary>
    /// <param name="name">A label for messages.</param>
    /// <param name="siloDll">GatoLink.Silo.dll.</param>
    /// <param name="environment">Its configuration.</param>
    /// <param name="readyWithin">How long it may take.</param>
    /// <param name="ct">Cancels the wait.</param>
    /// <param name="dataDirectory">An earlier process's data directory to start over (a restart after a kill), or null for a fresh one; a given directory is left in place on dispose.</param>
    /// <param name="networkNamespace">A network namespace to run in (<c>ip netns exec</c>, which execs the silo in place: same pid), or null for this one.</param>
    public static async Task<SiloProcess> StartAsync(string name, string siloDll, IReadOnlyDictionary<string, string> environment, TimeSpan readyWithin, CancellationToken ct = default, string? dataDirectory = null, string? networkNamespace = null)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var owns = dataDirectory is null;
        dataDirectory ??= Directory.CreateTempSubdirectory("gatolink-proc-").FullName;
        var info = new ProcessStartInfo(networkNamespace is null ? "dotnet" : "ip")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            // The content root: appsettings.json of the build is read from here.
            WorkingDirectory = Path.GetDirectoryName(siloDll)!,
        };
        if (networkNamespace is not null)
        {
            foreach (var argument in new[] { "netns", "exec", networkNamespace, "dotnet" })
            {
                info.ArgumentList.Add(argument);
            }
        }

        info.ArgumentList.Add(siloDll);
        // Configured by the given environment only: a database or admin key of the test run's own never leaks in.
        info.Environment.Remove("GATOLINK_POSTGRES");
        info.Environment.Remove("GATOLINK_ADMIN_KEY");
        info.Environment["GatoLink__DataDirectory"] = dataDirectory;
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException($"Cannot start {siloDll}.");
        var silo = new SiloProcess(name, process, dataDirectory, owns);
        process.OutputDataReceived += (_, e) => silo.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => silo.OnLine(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await silo.WaitReadyAsync(readyWithin, ct);
            return silo;
        }
        catch
        {
            await silo.DisposeAsync();
            throw;
        }
    }

    /// <summary>SIGKILL (<c>kill -9</c>): no drain, no goodbye to the cluster.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: false);
        _process.WaitForExit();
    }

    /// <summary>SIGTERM: the silo drains and leaves the cluster; waits until it exited (<paramref name="within"/>).</summary>
    public async Task TerminateAsync(TimeSpan within)
    {
        await SignalTerminateAsync();
        using var deadline = new CancellationTokenSource(within);
        await _process.WaitForExitAsync(deadline.Token);
    }

    /// <summary>Sends SIGTERM, as <c>docker stop</c>, Kubernetes or systemd do, and returns at once.</summary>
    public async Task SignalTerminateAsync()
    {
        using var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)])
            ?? throw new InvalidOperationException("Cannot run kill.");
        await kill.WaitForExitAsync();
        if (kill.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill -TERM {_process.Id} exited with {kill.ExitCode}.");
        }
    }

    /// <summary>Waits for the process to exit; false when it did not within <paramref name="limit"/>.</summary>
    public async Task<bool> WaitForExitAsync(TimeSpan limit)
    {
        using var timeout = new CancellationTokenSource(limit);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
            return true;
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>Resident set size from /proc/PID/status (VmRSS), in bytes.</summary>
    public long ReadRssBytes()
    {
        foreach (var line in File.ReadLines($"/proc/{Pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                var kb = line["VmRSS:".Length..].Trim().Split(' ')[0];
                return long.Parse(kb, CultureInfo.InvariantCulture) * 1024;
            }
        }

        throw new InvalidOperationException($"No VmRSS in /proc/{Pid}/status.");
    }

    /// <summary>Lines of output so far that contain <paramref name="text"/>.</summary>
    public IEnumerable<string> LinesContaining(string text) => _lines.Where(l => l.Contains(text, StringComparison.Ordinal));

    /// <summary>The last <paramref name="count"/> lines of output, for failure messages.</summary>
    public string Tail(int count = 40) => string.Join(Environment.NewLine, _lines.TakeLast(count));

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        AppDomain.CurrentDomain.ProcessExit -= _killOnExit;
        KillQuietly();
        await _process.WaitForExitAsync();
        _process.Dispose();
        try
        {
            if (_ownsDataDirectory)
            {
                Directory.Delete(_dataDirectory, recursive: true);
            }
        }
        catch (IOException)
        {
            // A file the killed process held: a stray temp directory is harmless.
        }
    }

    private async Task WaitReadyAsync(TimeSpan within, CancellationToken ct)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(within);
        using var exited = deadline.Token.Register(() => _address.TrySetCanceled());
        _ = _process.WaitForExitAsync(deadline.Token).ContinueWith(
            t => _address.TrySetException(new InvalidOperationException($"{Name} exited with {SafeExitCode()} before it listened.")),
            CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);
        try
        {
            BaseUrl = await _address.Task;
        }
        catch (TaskCanceledException)
        {
            throw new TimeoutException($"{Name} printed no address within {within}.{Environment.NewLine}{Tail()}");
        }
        catch (InvalidOperationException ex)
        {
            throw new InvalidOperationException($"{ex.Message}{Environment.NewLine}{Tail()}", ex);
        }

        using var http = new HttpClient { BaseAddress = BaseUrl, Timeout = TimeSpan.FromSeconds(5) };
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"{Name} exited with {SafeExitCode()} before it was ready.{Environment.NewLine}{Tail()}");
            }

            try
            {
                using var ready = await http.GetAsync(new Uri("readyz", UriKind.Relative), deadline.Token);
                if (ready.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!deadline.IsCancellationRequested)
            {
                // A slow answer on a busy machine: ask again.
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested && !ct.IsCancellationRequested)
            {
                throw new TimeoutException($"{Name} was not ready within {within}.{Environment.NewLine}{Tail()}");
            }

            try
            {
                await Task.Delay(200, deadline.Token);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                throw new TimeoutException($"{Name} was not ready within {within}.{Environment.NewLine}{Tail()}");
            }
        }
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        _lines.Enqueue(line);
        while (_lines.Count > MaxLines && _lines.TryDequeue(out _))
        {
        }

        if (!_address.Task.IsCompleted && ListeningLine().Match(line) is { Success: true } match)
        {
            _address.TrySetResult(new Uri(match.Groups[1].Value.TrimEnd('/') + "/"));
        }
    }

    private void KillQuietly()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    private string SafeExitCode() => _process.HasExited ? _process.ExitCode.ToString(CultureInfo.InvariantCulture) : "?";

    // The startup banner: "GatoLink silo listening on http://127.0.0.1:PORT (storage: …)".
    [GeneratedRegex(@"GatoLink silo listening on (http://[^\s]+)")]
    private static partial Regex ListeningLine();
}
