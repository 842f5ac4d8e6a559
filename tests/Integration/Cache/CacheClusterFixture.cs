using GatoLink.Integration.Tests.Infrastructure;

namespace GatoLink.Integration.Tests.Cache;

/// <summary>
/// Two silos in this process on one fresh PostgreSQL database, sharing one real Redis as the response cache's shared
/// level, in front of one instant NodeSim node. Tests make their own tenants, so entries never meet across tests.
/// </summary>
public sealed class CacheClusterFixture : IAsyncLifetime
{
    private readonly PostgresFixture _postgres;
    private string _database = "";
    private string _adminKey = "";

    /// <summary>Given by xUnit from the postgres collection.</summary>
    public CacheClusterFixture(PostgresFixture postgres) => _postgres = postgres;

    /// <summary>The shared Redis.</summary>
    public RedisServer Redis { get; private set; } = null!;

    /// <summary>The node.</summary>
    public SimNodes Nodes { get; private set; } = null!;

    /// <summary>Silo A (admin calls go here).</summary>
    public SiloHarness A { get; private set; } = null!;

    /// <summary>Silo B.</summary>
    public SiloHarness B { get; private set; } = null!;

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        Redis = await RedisServer.StartAsync();
        Nodes = await SimNodes.StartAsync(1, profile: "instant", timeScale: 1);
        _database = await _postgres.CreateDatabaseAsync();
        _adminKey = GatoLink.PerSilo.Keys.ApiKeySecrets.NewSecret();
        A = await StartSiloAsync();
        B = await StartSiloAsync();
    }

    /// <summary>One more silo of this cluster, on the same database and Redis (the caller disposes it).</summary>
    public Task<SiloHarness> StartSiloAsync() =>
        SiloHarness.StartAsync(Nodes.Urls, new Dictionary<string, string?> { ["GatoLink:Redis"] = Redis.Configuration }, postgres: _database, adminKey: _adminKey);

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        await B.DisposeAsync();
        await A.DisposeAsync();
        await Nodes.DisposeAsync();
        await Redis.DisposeAsync();
    }
}
