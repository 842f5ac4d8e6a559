using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace GatoLink.Integration.Tests.Infrastructure;

/// <summary>
/// A throwaway Redis (Debian's <c>redis-server</c>, which <c>.ci/setup</c> installs) on 127.0.0.1 and a free port, no
/// persistence; <see cref="KillAsync"/> ends it as a crash would (SIGKILL), <see cref="DisposeAsync"/> likewise.
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    private const string Program = "/usr/bin/redis-server";
    private readonly Process _process;

    private RedisServer(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    /// <summary>The port it listens on.</summary>
    public int Port { get; }

    /// <summary>StackExchange.Redis configuration for it (<c>GatoLink:Redis</c>).</summary>
    public string Configuration => $"127.0.0.1:{Port}";

    /// <summary>Starts a server and waits until it accepts connections.</summary>
    public static async Task<RedisServer> StartAsync()
    {
        var program = File.Exists(Program) ? Program : "redis-server";
        var port = LoopbackPorts.Free();
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--protected-mode", "yes" })
        {
            start.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("redis-server did not start.");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException("redis-server is not installed: run .ci/setup (apt-get install -y redis-server).", ex);
        }

        process.OutputDataReceived += static (_, _) => { };
        process.ErrorDataReceived += static (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new RedisServer(process, port);
        await server.WaitReachableAsync();
        return server;
    }

    /// <summary>Kills the server (SIGKILL) and waits for it to be gone.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }

    private async Task WaitReachableAsync()
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"redis-server exited with {_process.ExitCode} before accepting connections on {Port}.");
            }

            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, Port, deadline.Token);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(20, deadline.Token);
            }
        }
    }
}
