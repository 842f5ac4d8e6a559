using System.Net;
using System.Net.Sockets;

namespace GatoLink.Integration.Tests.Cluster;

/// <summary>
/// Forwards TCP connections from an address the isolated side of an <see cref="IsolatedHost"/> can reach to a server
/// that listens on loopback only (the tests' PostgreSQL): the relayed path crosses the bridge, so a partition cuts it as
/// it cuts everything else. Test plumbing standing in for a route, not a component under test; no library relays
/// plain TCP in a few lines (YARP is HTTP).
/// </summary>
public sealed class TcpRelay : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly IPEndPoint _target;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;

    private TcpRelay(TcpListener listener, IPEndPoint target)
    {
        _listener = listener;
        _target = target;
        _accepting = AcceptAsync();
    }

    /// <summary>Where the relay listens.</summary>
    public IPEndPoint Endpoint => (IPEndPoint)_listener.LocalEndpoint;

    /// <summary>Listens on a free port of <paramref name="address"/>, forwarding to <paramref name="target"/>.</summary>
    public static TcpRelay Start(IPAddress address, IPEndPoint target)
    {
        var listener = new TcpListener(address, 0);
        listener.Start();
        return new TcpRelay(listener, target);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        var connections = new List<Task>();
        try
        {
            while (true)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                connections.Add(RelayAsync(client));
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // Disposed: the relayed connections end with it.
        }

        await Task.WhenAll(connections);
    }

    private async Task RelayAsync(TcpClient client)
    {
        using (client)
        using (var server = new TcpClient())
        {
            try
            {
                await server.ConnectAsync(_target, _stop.Token);
                using var both = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
                var up = PumpAsync(client.GetStream(), server.GetStream(), both);
                var down = PumpAsync(server.GetStream(), client.GetStream(), both);
                await Task.WhenAll(up, down);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or IOException)
            {
                // One side went away (or the relay stops): the other is closed with it, as a route that vanished.
            }
        }
    }

    private static async Task PumpAsync(Stream from, Stream to, CancellationTokenSource both)
    {
        try
        {
            await from.CopyToAsync(to, both.Token);
        }
        finally
        {
            // Either direction ending ends the connection.
            await both.CancelAsync();
        }
    }
}
