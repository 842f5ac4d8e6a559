using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using GatoLink.Integration.Tests.Cluster;

namespace GatoLink.Integration.Tests.Deploy;

/// <summary>
/// <c>deploy/local/cluster.sh</c> run as a user runs it, with its own state directory under /tmp and the silo build of
/// this test run (GATOLINK_CLUSTER_BIN), and what a test reads from that directory: the URLs and admin key the script
/// printed, the PostgreSQL port, and every PID and port it started, to check that <c>down</c> left nothing behind.
/// Disposing runs <c>down</c> when it has not run.
/// </summary>
public sealed class LocalClusterScript : IAsyncDisposable
{
    private readonly string _script;
    private readonly string _bin;
    private bool _down;

    private LocalClusterScript(string script, string bin, string stateDirectory)
    {
        _script = script;
        _bin = bin;
        StateDirectory = stateDirectory;
    }

    /// <summary>The script's state directory.</summary>
    public string StateDirectory { get; }

    /// <summary>What <c>up</c> printed as KEY=value lines (GATOLINK_URL, GATOLINK_ADMIN_KEY, …).</summary>
    public IReadOnlyDictionary<string, string> Printed { get; private set; } = new Dictionary<string, string>();

    /// <summary>nginx, the clients' way in.</summary>
    public Uri Url => new(Printed["GATOLINK_URL"].TrimEnd('/') + "/");

    /// <summary>The bootstrap system-admin key.</summary>
    public string AdminKey => Printed["GATOLINK_ADMIN_KEY"];

    /// <summary>The cluster's PostgreSQL database.</summary>
    public string Postgres => $"Host=127.0.0.1;Port={StateValue("PG_PORT")};Username=postgres;Database=gatolink;Pooling=false";

    /// <summary>Runs <c>up --silos N</c> in a fresh state directory.</summary>
    public static Task<LocalClusterScript> UpAsync(int silos, Action<string> log) =>
        StartAsync(log, "up", "--silos", silos.ToString(CultureInfo.InvariantCulture));

    /// <summary>Runs <c>restore BACKUP --silos N</c> in a fresh state directory: a new cluster on the backup's data.</summary>
    public static Task<LocalClusterScript> RestoreAsync(string backup, int silos, Action<string> log) =>
        StartAsync(log, "restore", backup, "--silos", silos.ToString(CultureInfo.InvariantCulture));

    /// <summary>The script with its state in <paramref name="stateDirectory"/>, nothing run yet.</summary>
    public static LocalClusterScript At(string stateDirectory)
    {
        var siloDll = SiloProcess.LocateSiloDll();
        var repo = RepositoryRoot(Path.GetDirectoryName(siloDll)!);
        return new LocalClusterScript(Path.Combine(repo, "deploy", "local", "cluster.sh"), Path.GetDirectoryName(siloDll)!, stateDirectory);
    }

    private static async Task<LocalClusterScript> StartAsync(Action<string> log, params string[] arguments)
    {
        ArgumentNullException.ThrowIfNull(log);
        var cluster = At(Path.Combine(Path.GetTempPath(), $"gatolink-cluster-test-{Guid.NewGuid():N}"));
        try
        {
            var output = await cluster.RunAsync(log, TimeSpan.FromMinutes(4), arguments);
            cluster.Printed = output.Split('\n')
                .Select(l => l.Trim())
                .Where(l => l.StartsWith("GATOLINK_", StringComparison.Ordinal) && l.Contains('=', StringComparison.Ordinal))
                .ToDictionary(l => l[..l.IndexOf('=', StringComparison.Ordinal)], l => l[(l.IndexOf('=', StringComparison.Ordinal) + 1)..]);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>Runs one command of the script (status, scale N, rolling-restart, down); returns its standard output.</summary>
    public async Task<string> RunAsync(Action<string> log, TimeSpan within, params string[] arguments)
    {
        var (exitCode, output, errors) = await TryRunAsync(log, within, arguments);
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"cluster.sh {string.Join(' ', arguments)} exited {exitCode}: {errors}");
        }

        return output;
    }

    /// <summary>Runs one command of the script and returns its exit code, standard output and standard error.</summary>
    public async Task<(int ExitCode, string Output, string Errors)> TryRunAsync(Action<string> log, TimeSpan within, params string[] arguments)
    {
        ArgumentNullException.ThrowIfNull(log);
        var info = new ProcessStartInfo("bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(_script);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["GATOLINK_CLUSTER_DIR"] = StateDirectory;
        info.Environment["GATOLINK_CLUSTER_BIN"] = _bin;
        info.Environment.Remove("ASPNETCORE_URLS");
        using var process = Process.Start(info) ?? throw new InvalidOperationException("bash did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(within);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"cluster.sh {string.Join(' ', arguments)} did not finish within {within}: {await stderr}");
        }

        var (output, errors) = (await stdout, await stderr);
        log($"$ cluster.sh {string.Join(' ', arguments)} → {process.ExitCode}\n{errors}{output}");
        return (process.ExitCode, output, errors);
    }

    /// <summary>The HTTP roots of the silos the script runs now (its state directory's silos/N/ports).</summary>
    public IReadOnlyList<Uri> SiloUrls() =>
        [.. Directory.GetDirectories(Path.Combine(StateDirectory, "silos"))
            .Select(d => new Uri($"http://127.0.0.1:{ReadKeyValues(Path.Combine(d, "ports"))["HTTP_PORT"]}/"))];

    /// <summary>Every PID the script recorded now: silos, nodes, nginx's master, Prometheus, PostgreSQL's postmaster.</summary>
    public IReadOnlyList<int> RecordedPids()
    {
        var files = Directory.GetFiles(StateDirectory, "pid", SearchOption.AllDirectories)
            .Concat(Directory.GetFiles(StateDirectory, "nginx.pid", SearchOption.AllDirectories))
            .Concat(Directory.GetFiles(StateDirectory, "postmaster.pid", SearchOption.AllDirectories));
        return [.. files.Select(f => int.Parse(File.ReadLines(f).First().Trim(), CultureInfo.InvariantCulture))];
    }

    /// <summary>Every port the script handed out: PostgreSQL, nginx, Prometheus, nodes, and the three of each silo it ran.</summary>
    public IReadOnlyList<int> RecordedPorts()
    {
        var ports = new List<int>
        {
            int.Parse(StateValue("PG_PORT"), CultureInfo.InvariantCulture),
            int.Parse(StateValue("NGINX_PORT"), CultureInfo.InvariantCulture),
            int.Parse(StateValue("PROM_PORT"), CultureInfo.InvariantCulture),
        };
        ports.AddRange(Directory.GetFiles(Path.Combine(StateDirectory, "nodes"), "port", SearchOption.AllDirectories)
            .Select(f => int.Parse(File.ReadAllText(f).Trim(), CultureInfo.InvariantCulture)));
        foreach (var file in Directory.GetFiles(StateDirectory, "ports", SearchOption.AllDirectories))
        {
            ports.AddRange(ReadKeyValues(file).Values.Select(v => int.Parse(v, CultureInfo.InvariantCulture)));
        }

        return ports;
    }

    /// <summary>nginx's error log, the requests of its access log that did not answer 200 and the silos' warnings, to explain a failure.</summary>
    public string FailureLogs()
    {
        var logs = Path.Combine(StateDirectory, "nginx", "logs");
        var errors = File.ReadLines(Path.Combine(logs, "error.log")).Where(l => !l.Contains("[notice]", StringComparison.Ordinal));
        var refused = File.ReadLines(Path.Combine(logs, "access.log")).Where(l => !l.Contains(" 200 ", StringComparison.Ordinal));
        var silos = Directory.GetFiles(StateDirectory, "log", SearchOption.AllDirectories)
            .Where(f => f.Contains($"{Path.DirectorySeparatorChar}silos{Path.DirectorySeparatorChar}", StringComparison.Ordinal) || f.Contains("retired", StringComparison.Ordinal))
            .SelectMany(f => File.ReadLines(f).Where(l => l.Contains("\"LogLevel\":\"Warning\"", StringComparison.Ordinal) || l.Contains("\"LogLevel\":\"Error\"", StringComparison.Ordinal)).Take(30).Select(l => $"{f}: {l}"));
        return $"nginx error.log:\n{string.Join('\n', errors.TakeLast(50))}\nnginx access.log, not 200:\n{string.Join('\n', refused.TakeLast(50))}\nsilo warnings:\n{string.Join('\n', silos)}";
    }

    /// <summary>Runs <c>down</c>.</summary>
    public async Task DownAsync(Action<string> log)
    {
        _down = true;
        await RunAsync(log, TimeSpan.FromMinutes(3), "down");
    }

    /// <summary>True when something accepts TCP connections on 127.0.0.1:<paramref name="port"/>.</summary>
    public static bool Listens(int port)
    {
        using var client = new TcpClient();
        try
        {
            client.Connect("127.0.0.1", port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>True while a process with this id runs (a zombie, exited but not reaped yet, does not).</summary>
    public static bool Alive(int pid)
    {
        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException or IOException)
        {
            return false;
        }

        // "pid (comm) S …": the state follows the command name, which may itself hold spaces or parentheses.
        var state = stat[(stat.LastIndexOf(')') + 2)..];
        return state[0] != 'Z';
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (!_down && Directory.Exists(StateDirectory))
        {
            _down = true;
            await RunAsync(_ => { }, TimeSpan.FromMinutes(3), "down");
        }
    }

    private string StateValue(string name) => ReadKeyValues(Path.Combine(StateDirectory, "cluster.env"))[name];

    private static Dictionary<string, string> ReadKeyValues(string file) =>
        File.ReadAllLines(file)
            .Where(l => l.Contains('=', StringComparison.Ordinal))
            .ToDictionary(l => l[..l.IndexOf('=', StringComparison.Ordinal)], l => l[(l.IndexOf('=', StringComparison.Ordinal) + 1)..].Trim('\''));

    /// <summary>The clone this test runs from: the first directory holding GatoLink.sln above <paramref name="from"/>.</summary>
    public static string RepositoryRoot(string from)
    {
        for (var dir = new DirectoryInfo(from); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "GatoLink.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException($"No GatoLink.sln above {from}.");
    }
}
