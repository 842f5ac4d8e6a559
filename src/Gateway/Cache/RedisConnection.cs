using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace GatoLink.Gateway.Cache;

/// <summary>
/// The silo's one connection to the shared Redis (<c>GatoLink:Redis</c>), made on first use and shared by the response
/// cache's store and the semantic index's sync. Tuned to fail fast: a Redis that is away must cost a request little, and
/// never keep a silo from starting (the multiplexer connects in the background and reconnects by itself).
/// </summary>
public sealed class RedisConnection : IAsyncDisposable
{
    private readonly Lazy<Task<ConnectionMultiplexer>>? _connection;
    private ConnectionMultiplexer? _made;

    /// <summary>Reads the address; none: <see cref="Configured"/> is false and nothing connects.</summary>
    public RedisConnection(IOptions<ResponseCacheOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var settings = options.Value;
        if (string.IsNullOrWhiteSpace(settings.Redis))
        {
            return;
        }

        var configuration = ConfigurationOptions.Parse(settings.Redis);
        configuration.AbortOnConnectFail = false;
        configuration.ConnectTimeout = (int)Math.Max(settings.SharedTimeout.TotalMilliseconds * 4, 1000);
        configuration.SyncTimeout = (int)settings.SharedTimeout.TotalMilliseconds;
        configuration.AsyncTimeout = (int)settings.SharedTimeout.TotalMilliseconds;
        _connection = new(() => ConnectionMultiplexer.ConnectAsync(configuration), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>Whether a shared Redis is configured.</summary>
    public bool Configured => _connection is not null;

    /// <summary>The connection (connecting on first call); only when <see cref="Configured"/>.</summary>
    public async Task<IConnectionMultiplexer> GetAsync()
    {
        var made = await (_connection ?? throw new InvalidOperationException("No shared Redis is configured (GatoLink:Redis).")).Value;
        Volatile.Write(ref _made, made);
        return made;
    }

    /// <summary>The connection if it is made already (a caller on the hot path never waits for it); null otherwise.</summary>
    public IConnectionMultiplexer? IfConnected => Volatile.Read(ref _made);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_connection is { IsValueCreated: true } connection)
        {
            await (await connection.Value).DisposeAsync();
        }
    }
}
