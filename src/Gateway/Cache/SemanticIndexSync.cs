using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace GatoLink.Gateway.Cache;

/// <summary>
/// Makes a semantic hit work on every silo when Redis is configured. A silo that stores an answer publishes its question
/// (<see cref="SemanticEntry"/>) on a Redis channel, which every silo's <see cref="SemanticIndex"/> adds, and keeps it in
/// a sorted set per partition (scored by expiry), from which a starting silo rebuilds its index. Lookups stay in this
/// silo's memory: the request path makes no Redis call for the index, and a store only queues fire-and-forget commands.
/// Redis away: the index serves what it holds (a paraphrase stored elsewhere meanwhile is a miss), with a log line; the
/// sets are read again when the connection comes back.
/// </summary>
public sealed partial class SemanticIndexSync : BackgroundService
{
    /// <summary>The channel every silo's questions travel on.</summary>
    public static readonly RedisChannel Channel = RedisChannel.Literal("gl:sv");

    /// <summary>The prefix of each partition's sorted set (then the partition, whose first part is the tenant).</summary>
    public const string SetPrefix = "gl:sv:";

    private const int Dimensions = 384;
    private readonly RedisConnection _redis;
    private readonly SemanticIndex _index;
    private readonly TimeProvider _time;
    private readonly ILogger<SemanticIndexSync> _logger;
    private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(5);

    // A wake-up for the loop when the connection comes back; several pending are one reload.
    private readonly Channel<bool> _reload = System.Threading.Channels.Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    /// <summary>Creates the sync.</summary>
    public SemanticIndexSync(RedisConnection redis, SemanticIndex index, TimeProvider time, ILogger<SemanticIndexSync> logger)
    {
        _redis = redis;
        _index = index;
        _time = time;
        _logger = logger;
    }

    /// <summary>
    /// Shares a stored answer's question with every silo: queued on the connection, never awaited (a Redis that is away
    /// drops it). This silo's own index has it already.
    /// </summary>
    public void Share(SemanticEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (_redis.IfConnected is not { } redis)
        {
            return;
        }

        var bytes = entry.ToBytes();
        var set = new RedisKey(SetPrefix + entry.Partition);
        var db = redis.GetDatabase();
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        db.SortedSetAdd(set, bytes, entry.Expires.ToUnixTimeMilliseconds(), CommandFlags.FireAndForget);
        db.SortedSetRemoveRangeByScore(set, double.NegativeInfinity, now, Exclude.None, CommandFlags.FireAndForget);
        db.SortedSetRemoveRangeByRank(set, 0, -(SemanticIndex.PartitionCapacity + 1), CommandFlags.FireAndForget);
        // The set lives as long as its longest-lived question: set an expiry when it has none, lengthen it otherwise.
        db.KeyExpire(set, entry.Expires.UtcDateTime, ExpireWhen.HasNoExpiry, CommandFlags.FireAndForget);
        db.KeyExpire(set, entry.Expires.UtcDateTime, ExpireWhen.GreaterThanCurrentExpiry, CommandFlags.FireAndForget);
        redis.GetSubscriber().Publish(Channel, bytes, CommandFlags.FireAndForget);
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_redis.Configured)
        {
            return; // memory only (the embedded default): one silo, its own index
        }

        var redis = await _redis.GetAsync();
        redis.ConnectionRestored += (_, e) =>
        {
            if (e.ConnectionType == ConnectionType.Interactive)
            {
                _reload.Writer.TryWrite(true);
            }
        };

        // Subscribe first, then read the sets: a question stored in between arrives twice, and the index keeps one.
        var subscribed = false;
        var pending = true;
        while (!stoppingToken.IsCancellationRequested)
        {
            subscribed = subscribed || await SubscribeAsync(redis);
            if (subscribed && pending)
            {
                pending = !await LoadAsync(redis, stoppingToken);
            }

            using var retry = new CancellationTokenSource(!subscribed || pending ? RetryAfter : Timeout.InfiniteTimeSpan, _time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, retry.Token);
            try
            {
                await _reload.Reader.ReadAsync(linked.Token);
                pending = true;
            }
            catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
            {
                // The retry delay after a failure ran out: try again.
            }
        }
    }

    private async Task<bool> SubscribeAsync(IConnectionMultiplexer redis)
    {
        try
        {
            await redis.GetSubscriber().SubscribeAsync(Channel, (_, message) => Received(message));
            return true;
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            LogLoadFailed(_logger, 0, ex.Message);
            return false;
        }
    }

    /// <summary>Adds every live question of every partition; false when Redis failed (tried again later).</summary>
    private async Task<bool> LoadAsync(IConnectionMultiplexer redis, CancellationToken ct)
    {
        var loaded = 0;
        try
        {
            var db = redis.GetDatabase();
            var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
            foreach (var server in redis.GetServers().Where(s => s.IsConnected && !s.IsReplica))
            {
                await foreach (var set in server.KeysAsync(pattern: SetPrefix + "*", pageSize: 500).WithCancellation(ct))
                {
                    foreach (var member in await db.SortedSetRangeByScoreAsync(set, now, double.PositiveInfinity, Exclude.Start))
                    {
                        loaded += Received(member) ? 1 : 0;
                    }
                }
            }

            LogLoaded(_logger, loaded);
            return true;
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            LogLoadFailed(_logger, loaded, ex.Message);
            return false;
        }
    }

    private bool Received(RedisValue message)
    {
        if (SemanticEntry.FromBytes(((ReadOnlyMemory<byte>)message).Span, Dimensions) is not { } entry)
        {
            LogUnreadable(_logger);
            return false;
        }

        _index.Add(entry);
        return true;
    }

    [LoggerMessage(EventId = 2111, Level = LogLevel.Information, Message = "Semantic cache index loaded {Count} questions from Redis")]
    private static partial void LogLoaded(ILogger logger, int count);

    [LoggerMessage(EventId = 2112, Level = LogLevel.Warning, Message = "Semantic cache index could not be read from Redis after {Count} questions; this silo serves what it has and tries again: {Error}")]
    private static partial void LogLoadFailed(ILogger logger, int count, string error);

    [LoggerMessage(EventId = 2113, Level = LogLevel.Warning, Message = "A semantic cache question from Redis was not one this version reads; left out")]
    private static partial void LogUnreadable(ILogger logger);
}
