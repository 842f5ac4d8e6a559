using System.Net;
using System.Net.Sockets;

namespace GatoLink.NodeSim.Tests;

public sealed class NodeSimServerTests
{
    [Fact]
    public async Task TwoInProcessServersGetTheirOwnLoopbackPortsAndState()
    {
        await using var a = await NodeSimServer.StartAsync(TestOptions.Instant());
        await using var b = await NodeSimServer.StartAsync(TestOptions.Instant(o => o.Models = ["b-8b"]));
        Assert.Equal("127.0.0.1", a.BaseUrl.Host);
        Assert.NotEqual(0, a.BaseUrl.Port);
        Assert.NotEqual(a.BaseUrl.Port, b.BaseUrl.Port);

        using var client = SimHttp.Client(a);
        using var r = await client.PostAsync("/v1/completions", SimHttp.Json("""{"prompt":"hi","max_tokens":2}"""));
        r.EnsureSuccessStatusCode();
        Assert.Equal(1, a.Engine.RequestsCompleted);
        Assert.Equal(0, b.Engine.RequestsReceived);
    }

    [Fact]
    public async Task StartingOnATakenPortFailsLoudly()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        await Assert.ThrowsAnyAsync<IOException>(() => NodeSimServer.StartAsync(TestOptions.Instant(), $"http://127.0.0.1:{port}"));
    }

    [Fact]
    public async Task InvalidOptionsAreRejectedAtStart()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => NodeSimServer.StartAsync(TestOptions.Instant(o => o.MaxNumSeqs = 0)));
    }
}
