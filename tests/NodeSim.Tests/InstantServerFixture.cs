namespace GatoLink.NodeSim.Tests;

/// <summary>One instant-profile server shared by the API-shape tests.</summary>
public sealed class InstantServerFixture : IAsyncLifetime
{
    public NodeSimServer Server { get; private set; } = null!;

    public HttpClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server = await NodeSimServer.StartAsync(TestOptions.Instant(o => o.Models = ["demo-8b", "other-8b"]));
        Client = SimHttp.Client(Server);
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
    }
}
