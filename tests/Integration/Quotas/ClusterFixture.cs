using GatoLink.Integration.Tests.Infrastructure;

namespace GatoLink.Integration.Tests.Quotas;

/// <summary>
/// Three silos in this process, each a real Kestrel on loopback, sharing one fresh PostgreSQL database and one
/// instant NodeSim node (which answers with exactly max_tokens tokens). Tests make their own tenants and keys.
/// </summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    private readonly PostgresFixture _postgres;

    /// <summary>Given by xUnit from the postgres collection.</summary>
    public ClusterFixture(PostgresFixture postgres) => _postgres = postgres;

    /// <summary>The node.</summary>
    public SimNodes Nodes { get; private set; } = null!;

    /// <summary>The three silos.</summary>
    public IReadOnlyList<SiloHarness> Silos { get; private set; } = [];

    /// <summary>The first silo, for admin calls.</summary>
    public SiloHarness First => Silos[0];

    /// <summary>The shared database.</summary>
    public string ConnectionString { get; private set; } = "";

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        ConnectionString = await _postgres.CreateDatabaseAsync();
        Nodes = await SimNodes.StartAsync(1, profile: "instant", timeScale: 1);
        var adminKey = GatoLink.PerSilo.Keys.ApiKeySecrets.NewSecret();

        // One at a time: the first one migrates and bootstraps the admin key; the others find it.
        var silos = new List<SiloHarness>();
        for (var i = 0; i < 3; i++)
        {
            silos.Add(await SiloHarness.StartAsync(Nodes.Urls, postgres: ConnectionString, adminKey: adminKey));
        }

        Silos = silos;
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        foreach (var silo in Silos)
        {
            await silo.DisposeAsync();
        }

        await Nodes.DisposeAsync();
    }
}
