using System.ClientModel;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using GatoLink.Grains.Billing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using OpenAI;
using GatoLink.PerSilo.Keys;

namespace GatoLink.Integration.Tests.Infrastructure;

/// <summary>
/// One real silo (the production <c>Program</c>) on Kestrel at 127.0.0.1:random, with its own data
/// directory, a known admin key and the given nodes and settings. Several may share one database.
/// </summary>
public sealed class SiloHarness : IAsyncDisposable
{
    private readonly WebApplicationFactory<Program> _factory;
    private readonly string _dataDirectory;
    private readonly bool _ownsDataDirectory;

    private SiloHarness(WebApplicationFactory<Program> factory, Uri baseUrl, string adminKey, string dataDirectory, bool ownsDataDirectory)
    {
        _factory = factory;
        BaseUrl = baseUrl;
        AdminKey = adminKey;
        _dataDirectory = dataDirectory;
        _ownsDataDirectory = ownsDataDirectory;
        Admin = new HttpClient { BaseAddress = baseUrl };
        Admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", adminKey);
    }

    /// <summary>Root URL of the silo, e.g. http://127.0.0.1:41234/.</summary>
    public Uri BaseUrl { get; }

    /// <summary>The bootstrap system-admin secret.</summary>
    public string AdminKey { get; }

    /// <summary>An HTTP client authenticated as the system admin.</summary>
    public HttpClient Admin { get; }

    /// <summary>The silo's services (grains, sinks) for white-box assertions.</summary>
    public IServiceProvider Services => _factory.Services;

    /// <summary>Starts a silo.</summary>
    /// <param name="nodes">GPU nodes (NodeSim base URLs) to declare in configuration.</param>
    /// <param name="settings">Extra configuration (GatoLink:… keys).</param>
    /// <param name="postgres">PostgreSQL connection string, or null for SQLite in a temp directory.</param>
    /// <param name="adminKey">Admin secret; several silos of one cluster share it.</param>
    /// <param name="dataDirectory">Data directory to reuse (restart tests), or null for a fresh one.</param>
    /// <param name="configureServices">Extra test services (a span collector, a log capture, a fault), after the silo's own.</param>
    public static Task<SiloHarness> StartAsync(
        IReadOnlyList<Uri>? nodes = null,
        IReadOnlyDictionary<string, string?>? settings = null,
        string? postgres = null,
        string? adminKey = null,
        string? dataDirectory = null,
        Action<IServiceCollection>? configureServices = null) =>
        Task.FromResult(Start(nodes, settings, postgres, adminKey, dataDirectory, configureServices));

    /// <summary>Starts a silo (the server starts synchronously inside WebApplicationFactory).</summary>
    public static SiloHarness Start(
        IReadOnlyList<Uri>? nodes = null,
        IReadOnlyDictionary<string, string?>? settings = null,
        string? postgres = null,
        string? adminKey = null,
        string? dataDirectory = null,
        Action<IServiceCollection>? configureServices = null)
    {
        var ownsData = dataDirectory is null;
        dataDirectory ??= Directory.CreateTempSubdirectory("gatolink-silo-").FullName;
        adminKey ??= ApiKeySecrets.NewSecret();
        var all = new Dictionary<string, string?>
        {
            ["urls"] = "http://127.0.0.1:0",
            ["GatoLink:DataDirectory"] = dataDirectory,
            ["GatoLink:AdminKey"] = adminKey,
            ["GatoLink:EmbeddedNodes"] = "0",
            ["GatoLink:DemoTenant"] = "false",
            ["GatoLink:Banner"] = "false",
            ["GatoLink:Postgres"] = postgres,
            // Several silos share this machine: any free Orleans ports.
            ["GatoLink:Orleans:SiloPort"] = "0",
            ["GatoLink:Orleans:GatewayPort"] = "0",
            ["GatoLink:Models:0:Name"] = "demo-8b",
            ["GatoLink:Models:0:Aliases:0"] = "demo",
            ["GatoLink:Models:0:InputPricePerMillionUsd"] = "1.0",
            ["GatoLink:Models:0:OutputPricePerMillionUsd"] = "2.0",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        for (var i = 0; i < (nodes?.Count ?? 0); i++)
        {
            all[$"GatoLink:Nodes:{i}:Id"] = $"node-{i + 1}";
            all[$"GatoLink:Nodes:{i}:BaseUrl"] = nodes![i].ToString();
            all[$"GatoLink:Nodes:{i}:Models:0"] = "demo-8b";
        }

        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            foreach (var (key, value) in all)
            {
                builder.UseSetting(key, value);
            }

            builder.ConfigureTestServices(collection =>
            {
                collection.AddSingleton<RecentUsageSink>();
                collection.AddSingleton<IUsageObserver>(sp => sp.GetRequiredService<RecentUsageSink>());
                configureServices?.Invoke(collection);
            });
        });
        factory.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        factory.StartServer();
        var address = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new SiloHarness(factory, new Uri(address.TrimEnd('/') + "/"), adminKey, dataDirectory, ownsData);
    }

    /// <summary>An OpenAI SDK client for a key, pointed at this silo's /v1.</summary>
    public OpenAIClient OpenAi(string key) =>
        new(new ApiKeyCredential(key), new OpenAIClientOptions { Endpoint = new Uri(BaseUrl, "v1"), NetworkTimeout = TimeSpan.FromSeconds(60) });

    /// <summary>An HTTP client sending a bearer key.</summary>
    public HttpClient Http(string key)
    {
        var http = new HttpClient { BaseAddress = BaseUrl, Timeout = Timeout.InfiniteTimeSpan };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return http;
    }

    /// <summary>Creates a tenant through the admin API and returns its id.</summary>
    public async Task<Guid> CreateTenantAsync(string name, object? limits = null)
    {
        var body = JsonSerializer.SerializeToNode(limits ?? new { }) as JsonObject ?? [];
        body["name"] = name;
        using var response = await Admin.PostAsJsonAsync("admin/tenants", body);
        response.EnsureSuccessStatusCode();
        var json = await response.Content.ReadFromJsonAsync<JsonObject>();
        return Guid.Parse((string)json!["id"]!);
    }

    /// <summary>Creates a key for a tenant through the admin API; returns (id, secret).</summary>
    public async Task<(Guid Id, string Secret)> CreateKeyAsync(Guid tenantId, object? fields = null)
    {
        var body = JsonSerializer.SerializeToNode(fields ?? new { name = "test" }) as JsonObject ?? [];
        using var response = await Admin.PostAsJsonAsync($"admin/tenants/{tenantId}/keys", body);
        response.EnsureSuccessStatusCode();
        var json = await response.Content.ReadFromJsonAsync<JsonObject>();
        return (Guid.Parse((string)json!["id"]!), (string)json["key"]!);
    }

    /// <summary>A fresh tenant with one user key: the usual starting point of a test.</summary>
    public async Task<string> CreateUserKeyAsync(object? keyFields = null)
    {
        var tenant = await CreateTenantAsync("tenant-" + Guid.NewGuid().ToString("N")[..8]);
        var (_, secret) = await CreateKeyAsync(tenant, keyFields);
        return secret;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        Admin.Dispose();
        await _factory.DisposeAsync();
        if (_ownsDataDirectory)
        {
            try
            {
                Directory.Delete(_dataDirectory, recursive: true);
            }
            catch (IOException)
            {
                // A file still held by a pooled SQLite connection: the temp directory is harmless.
            }
        }
    }
}
