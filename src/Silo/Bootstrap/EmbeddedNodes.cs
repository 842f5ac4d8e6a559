using GatoLink.NodeSim;

namespace GatoLink.Silo.Bootstrap;

/// <summary>The in-process NodeSim servers of the embedded default; stopped with the host.</summary>
public sealed class EmbeddedNodes : IAsyncDisposable
{
    private readonly List<NodeSimServer> _servers = [];

    /// <summary>The running servers.</summary>
    public IReadOnlyList<NodeSimServer> Servers => _servers;

    /// <summary>Starts <paramref name="count"/> servers on free loopback ports.</summary>
    public async Task StartAsync(int count, string profile, string model, CancellationToken ct)
    {
        for (var i = 0; i < count; i++)
        {
            var options = NodeSimOptions.FromProfile(profile);
            options.Models = [model];
            options.Seed = 1000 + i;
            _servers.Add(await NodeSimServer.StartAsync(options, "http://127.0.0.1:0", time: null, ct));
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        foreach (var server in _servers)
        {
            await server.DisposeAsync();
        }

        _servers.Clear();
    }
}
