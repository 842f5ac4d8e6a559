using System.Net;
using System.Net.Sockets;

namespace GatoLink.Integration.Tests.Infrastructure;

/// <summary>Ports for servers the tests start on loopback.</summary>
public static class LoopbackPorts
{
    /// <summary>A port the OS reports free on 127.0.0.1 now (bind 0, read the port, release it).</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
