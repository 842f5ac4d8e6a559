using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using GatoLink.Grains.Keys;
using GatoLink.Integration.Tests.Infrastructure;

namespace GatoLink.Integration.Tests.Hosting;

/// <summary>
/// A silo as users run it: <c>dotnet GatoLink.Silo.dll</c> in its own process, configured by environment variables,
/// embedded SQLite in its own data directory, the given nodes and no embedded ones. Killed on dispose if still running.
/// </summary>
public sealed class SiloProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private SiloProcess(Process process, Uri baseUrl, string adminKey, string dataDirectory)
    {
        _process = process;
        BaseUrl = baseUrl;
        AdminKey = adminKey;
        DataDirectory = dataDirectory;
        Admin = new HttpClient { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(30) };
        Admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", adminKey);
    }

    /// <summary>Root URL, e.g. http://127.0.0.1:41234/.</summary>
    public Uri BaseUrl { get; }

    /// <summary>The bootstrap admin secret.</summary>
    public string AdminKey { get; }

    /// <summary>Where the SQLite database and the usage spool live.</summary>
    public string DataDirectory { get; }

    /// <summary>An HTTP client authenticated as the system admin.</summary>
    public HttpClient Admin { get; }

    /// <summary>The process id.</summary>
    public int Id => _process.Id;

    /// <summary>Whether the process has exited.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>The exit code (after exit).</summary>
    public int ExitCode => _process.ExitCode;

    /// <summary>What the process wrote to stdout and stderr so far.</summary>
    public string Output => string.Join('\n', _output);

    /// <summary>Starts a silo and waits until <c>/readyz</c> answers 200.</summary>
    public static async Task<SiloProcess> StartAsync(IReadOnlyList<Uri> nodes, IReadOnlyDictionary<string, string>? settings = null)
    {
        var dataDirectory = Directory.CreateTempSubdirectory("gatolink-silo-proc-").FullName;
        var adminKey = ApiKeySecrets.NewSecret();
        var baseUrl = new Uri($"http://127.0.0.1:{LoopbackPorts.Free()}/");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = dataDirectory,
        };
        start.ArgumentList.Add(SiloAssembly());
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_URLS"] = baseUrl.ToString().TrimEnd('/'),
            ["GatoLink__DataDirectory"] = dataDirectory,
            ["GatoLink__AdminKey"] = adminKey,
            ["GatoLink__EmbeddedNodes"] = "0",
            ["GatoLink__DemoTenant"] = "false",
            ["GatoLink__Banner"] = "false",
            ["GatoLink__Orleans__SiloPort"] = "0",
            ["GatoLink__Orleans__GatewayPort"] = "0",
            ["GatoLink__Models__0__Name"] = "demo-8b",
            ["GatoLink__Models__0__InputPricePerMillionUsd"] = "1.0",
            ["GatoLink__Models__0__OutputPricePerMillionUsd"] = "2.0",
            ["Logging__LogLevel__Default"] = "Warning",
            ["Logging__LogLevel__GatoLink.Silo.Hosting"] = "Information",
            ["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information",
        };
        for (var i = 0; i < nodes.Count; i++)
        {
            environment[$"GatoLink__Nodes__{i}__Id"] = $"node-{i + 1}";
            environment[$"GatoLink__Nodes__{i}__BaseUrl"] = nodes[i].ToString();
            environment[$"GatoLink__Nodes__{i}__Models__0"] = "demo-8b";
        }

        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            environment[key] = value;
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        start.Environment.Remove("GATOLINK_POSTGRES");
        start.Environment.Remove("GATOLINK_ADMIN_KEY");
        var process = Process.Start(start) ?? throw new InvalidOperationException("Cannot start the silo process.");
        var silo = new SiloProcess(process, baseUrl, adminKey, dataDirectory);
        process.OutputDataReceived += (_, e) => silo.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => silo.Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var ready = false;
        try
        {
            await silo.WaitReadyAsync(TimeSpan.FromSeconds(90));
            ready = true;
            return silo;
        }
        finally
        {
            if (!ready)
            {
                await silo.DisposeAsync();
            }
        }
    }

    /// <summary>Sends SIGTERM, as <c>docker stop</c>, Kubernetes or systemd do.</summary>
    public async Task TerminateAsync()
    {
        using var kill = Process.Start("kill", ["-TERM", Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync();
        Assert.Equal(0, kill.ExitCode);
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

    /// <summary>Creates a tenant and a user key through the admin API; returns the secret.</summary>
    public async Task<string> CreateUserKeyAsync()
    {
        using var tenant = await Admin.PostAsJsonAsync("admin/tenants", new { name = "drain-" + Guid.NewGuid().ToString("N")[..8] });
        tenant.EnsureSuccessStatusCode();
        var tenantId = (string)(await tenant.Content.ReadFromJsonAsync<JsonObject>())!["id"]!;
        using var key = await Admin.PostAsJsonAsync($"admin/tenants/{tenantId}/keys", new { name = "drain" });
        key.EnsureSuccessStatusCode();
        return (string)(await key.Content.ReadFromJsonAsync<JsonObject>())!["key"]!;
    }

    /// <summary>An HTTP client sending a bearer key, without a client-side timeout (streams).</summary>
    public HttpClient Http(string key)
    {
        var http = new HttpClient { BaseAddress = BaseUrl, Timeout = Timeout.InfiniteTimeSpan };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return http;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        Admin.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // Harmless leftovers in the temp directory.
        }
    }

    private void Keep(string? line)
    {
        if (line is not null)
        {
            _output.Enqueue(line);
        }
    }

    private async Task WaitReadyAsync(TimeSpan limit)
    {
        using var probe = new HttpClient { BaseAddress = BaseUrl, Timeout = TimeSpan.FromSeconds(5) };
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < limit)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The silo exited with {_process.ExitCode} while starting:\n{Output}");
            }

            try
            {
                using var ready = await probe.GetAsync("readyz");
                if (ready.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Busy starting.
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200));
        }

        throw new TimeoutException($"The silo was not ready within {limit}:\n{Output}");
    }

    /// <summary>The built silo next to this test assembly's configuration: src/Silo/bin/{Configuration}/{tfm}/GatoLink.Silo.dll.</summary>
    private static string SiloAssembly()
    {
        var testOutput = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var framework = testOutput.Name;
        var configuration = testOutput.Parent!.Name;
        var root = testOutput;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "GatoLink.sln")))
        {
            root = root.Parent;
        }

        if (root is null)
        {
            throw new InvalidOperationException($"No GatoLink.sln above {AppContext.BaseDirectory}.");
        }

        var dll = Path.Combine(root.FullName, "src", "Silo", "bin", configuration, framework, "GatoLink.Silo.dll");
        return File.Exists(dll) ? dll : throw new InvalidOperationException($"The silo is not built: {dll} is missing.");
    }
}
