using GatoLink.NodeSim;

namespace GatoLink.Integration.Tests.Infrastructure;

/// <summary>A few in-process NodeSim servers, disposed together.</summary>
public sealed class SimNodes : IAsyncDisposable
{
    private SimNodes(IReadOnlyList<NodeSimServer> servers) => Servers = servers;

    /// <summary>The servers.</summary>
    public IReadOnlyList<NodeSimServer> Servers { get; }

    /// <summary>Their base URLs.</summary>
    public IReadOnlyList<Uri> Urls => Servers.Select(s => s.BaseUrl).ToList();

    /// <summary>
    /// Starts <paramref name="count"/> nodes of a profile serving demo-8b, sped up by <paramref name="timeScale"/>, listening
    /// on <paramref name="host"/>, on <paramref name="time"/> (the system clock when null; a fake one makes the nodes'
    /// latencies move only when told).
    /// </summary>
    public static async Task<SimNodes> StartAsync(int count, string profile = "h100-8b", double timeScale = 10, Action<NodeSimOptions>? configure = null, string host = "127.0.0.1", TimeProvider? time = null)
    {
        var servers = new List<NodeSimServer>();
        for (var i = 0; i < count; i++)
        {
            var options = NodeSimOptions.FromProfile(profile);
            options.TimeScale = timeScale;
            options.Seed = 7 + i;
            configure?.Invoke(options);
            servers.Add(await NodeSimServer.StartAsync(options, $"http://{host}:0", time));
        }

        return new SimNodes(servers);
    }

    /// <summary>Total requests the nodes saw.</summary>
    public long RequestsReceived => Servers.Sum(s => s.Engine.RequestsReceived);

    /// <summary>Total tokens the nodes generated.</summary>
    public long GenerationTokens => Servers.Sum(s => s.Engine.GenerationTokensTotal);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        foreach (var server in Servers)
        {
            await server.DisposeAsync();
        }
    }
}
