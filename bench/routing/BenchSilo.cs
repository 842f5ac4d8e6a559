using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace GatoLink.Bench.Routing;

/// <summary>A silo process in front of a bench's NodeSim fleet, on SQLite in a temp directory, and its admin client.</summary>
public sealed class BenchSilo : IAsyncDisposable
{
    private readonly ChildProcess _process;

    private BenchSilo(ChildProcess process, HttpClient admin)
    {
        _process = process;
        Admin = admin;
    }

    public Uri Url => _process.Url;

    /// <summary>Authorized with the silo's admin key.</summary>
    public HttpClient Admin { get; }

    /// <summary>Starts a silo serving <paramref name="model"/> on the fleet's nodes, with extra <paramref name="settings"/> (env names).</summary>
    public static async Task<BenchSilo> StartAsync(string siloDll, string model, Fleet fleet, IReadOnlyList<NodeSpec> specs, IReadOnlyDictionary<string, string> settings)
    {
        var adminKey = "gl-bench-admin-" + Guid.NewGuid().ToString("N");
        var siloPort = ChildProcess.FreePort();
        var env = new Dictionary<string, string>
        {
            ["GatoLink__Listen"] = $"http://127.0.0.1:{siloPort}",
            ["GatoLink__DataDirectory"] = Directory.CreateTempSubdirectory("gatolink-bench-").FullName,
            ["GatoLink__AdminKey"] = adminKey,
            ["GatoLink__EmbeddedNodes"] = "0",
            ["GatoLink__DemoTenant"] = "false",
            ["GatoLink__Banner"] = "false",
            ["GatoLink__Models__0__Name"] = model,
            // Baselines must not be rescued by failover from their own queues: the first token may take long.
            ["GatoLink__Gateway__FirstTokenTimeout"] = "00:10:00",
            ["Logging__LogLevel__Default"] = "Warning",
        };
        foreach (var (name, value) in settings)
        {
            env[name] = value;
        }

        for (var i = 0; i < fleet.Urls.Count; i++)
        {
            env[$"GatoLink__Nodes__{i}__Id"] = $"{specs[i].Profile}-{i}";
            env[$"GatoLink__Nodes__{i}__BaseUrl"] = fleet.Urls[i].ToString();
            env[$"GatoLink__Nodes__{i}__Models__0"] = model;
        }

        var process = await ChildProcess.StartAsync(siloDll, [], siloPort, "healthz", env, CancellationToken.None);
        var admin = new HttpClient { BaseAddress = process.Url };
        admin.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", adminKey);
        return new BenchSilo(process, admin);
    }

    /// <summary>Creates a tenant (with the given admin fields) and one key of it (with its fields); returns the key's secret.</summary>
    public async Task<string> TenantKeyAsync(object tenantFields, object keyFields)
    {
        var tenant = await (await Admin.PostAsJsonAsync("admin/tenants", tenantFields)).EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonObject>();
        var key = await (await Admin.PostAsJsonAsync($"admin/tenants/{tenant!["id"]}/keys", keyFields)).EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonObject>();
        return (string)key!["key"]!;
    }

    public async ValueTask DisposeAsync()
    {
        Admin.Dispose();
        await _process.DisposeAsync();
    }
}
