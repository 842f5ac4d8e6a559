using GatoLink.Integration.Tests.Infrastructure;

namespace GatoLink.Integration.Tests.Quotas;

/// <summary>One silo on a fresh PostgreSQL database with one instant NodeSim node.</summary>
public sealed class SingleSiloFixture : IAsyncLifetime
{
    private readonly PostgresFixture _postgres;

    /// <summary>Given by xUnit from the postgres collection.</summary>
    public SingleSiloFixture(PostgresFixture postgres) => _postgres = postgres;

    /// <summary>The node.</summary>
    public SimNodes Nodes { get; private set; } = null!;

    /// <summary>The silo.</summary>
    public SiloHarness Silo { get; private set; } = null!;

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        Nodes = await SimNodes.StartAsync(1, profile: "instant", timeScale: 1);
        Silo = await SiloHarness.StartAsync(Nodes.Urls, postgres: await _postgres.CreateDatabaseAsync());
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        await Silo.DisposeAsync();
        await Nodes.DisposeAsync();
    }
}
