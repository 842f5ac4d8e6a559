using GatoLink.Integration.Tests.Infrastructure;

namespace GatoLink.Integration.Tests.DataPlane;

/// <summary>One silo on SQLite in front of two NodeSim nodes, shared by the data-plane tests.</summary>
public sealed class DataPlaneFixture : IAsyncLifetime
{
    /// <summary>The nodes.</summary>
    public SimNodes Nodes { get; private set; } = null!;

    /// <summary>The silo.</summary>
    public SiloHarness Silo { get; private set; } = null!;

    /// <summary>A user key of a fresh tenant.</summary>
    public string UserKey { get; private set; } = "";

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        Nodes = await SimNodes.StartAsync(2);
        Silo = await SiloHarness.StartAsync(Nodes.Urls);
        UserKey = await Silo.CreateUserKeyAsync();
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        await Silo.DisposeAsync();
        await Nodes.DisposeAsync();
    }
}
