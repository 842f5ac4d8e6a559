using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;
using GatoLink.PerSilo.Telemetry;

namespace GatoLink.Gateway.Cache;

/// <summary>
/// The shared level (Redis) as HybridCache sees it, failing open: a Redis that is away answers a read as a miss and
/// drops a write, with a log line and a metric, so requests keep being served from the nodes. After a failure the
/// shared level is skipped for <see cref="ResponseCacheOptions.SharedRetryAfter"/> so that every request does not wait
/// for Redis's time-out while it is down.
/// </summary>
public sealed partial class FailOpenDistributedCache : IDistributedCache
{
    private readonly IDistributedCache _inner;
    private readonly TimeProvider _time;
    private readonly TimeSpan _retryAfter;
    private readonly CacheInstruments _metrics;
    private readonly ILogger<FailOpenDistributedCache> _logger;
    private long _skipUntil;

    /// <summary>Wraps <paramref name="inner"/>.</summary>
    public FailOpenDistributedCache(IDistributedCache inner, TimeProvider time, TimeSpan retryAfter, CacheInstruments metrics, ILogger<FailOpenDistributedCache> logger)
    {
        _inner = inner;
        _time = time;
        _retryAfter = retryAfter;
        _metrics = metrics;
        _logger = logger;
    }

    /// <inheritdoc />
    public byte[]? Get(string key) => throw new NotSupportedException("The response cache reads asynchronously.");

    /// <inheritdoc />
    public async Task<byte[]?> GetAsync(string key, CancellationToken token = default)
    {
        if (Skipping())
        {
            return null;
        }

        try
        {
            return await _inner.GetAsync(key, token);
        }
        catch (Exception ex) when (IsRedisFailure(ex))
        {
            Failed("get", ex);
            return null;
        }
    }

    /// <inheritdoc />
    public void Set(string key, byte[] value, DistributedCacheEntryOptions options) => throw new NotSupportedException("The response cache writes asynchronously.");

    /// <inheritdoc />
    public async Task SetAsync(string key, byte[] value, DistributedCacheEntryOptions options, CancellationToken token = default)
    {
        if (Skipping())
        {
            return;
        }

        try
        {
            await _inner.SetAsync(key, value, options, token);
        }
        catch (Exception ex) when (IsRedisFailure(ex))
        {
            Failed("set", ex);
        }
    }

    /// <inheritdoc />
    public void Refresh(string key) => throw new NotSupportedException("The response cache does not slide expirations.");

    /// <inheritdoc />
    public Task RefreshAsync(string key, CancellationToken token = default) => Task.CompletedTask;

    /// <inheritdoc />
    public void Remove(string key) => throw new NotSupportedException("The response cache removes asynchronously.");

    /// <inheritdoc />
    public async Task RemoveAsync(string key, CancellationToken token = default)
    {
        if (Skipping())
        {
            return;
        }

        try
        {
            await _inner.RemoveAsync(key, token);
        }
        catch (Exception ex) when (IsRedisFailure(ex))
        {
            Failed("remove", ex);
        }
    }

    private static bool IsRedisFailure(Exception ex) => ex is RedisException or TimeoutException or ObjectDisposedException;

    private bool Skipping() => _time.GetTimestamp() < Volatile.Read(ref _skipUntil);

    private void Failed(string operation, Exception ex)
    {
        Volatile.Write(ref _skipUntil, _time.GetTimestamp() + (long)(_retryAfter.TotalSeconds * _time.TimestampFrequency));
        _metrics.SharedFailed(operation);
        LogFailed(_logger, operation, _retryAfter.TotalSeconds, ex.Message);
    }

    [LoggerMessage(EventId = 2101, Level = LogLevel.Warning, Message = "Shared response cache (Redis) {Operation} failed; serving without it for {Seconds} s: {Error}")]
    private static partial void LogFailed(ILogger logger, string operation, double seconds, string error);
}
