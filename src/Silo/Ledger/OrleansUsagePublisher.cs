using GatoLink.Grains.Abstractions.Usage;
using Orleans.Runtime;
using Orleans.Streams;

namespace GatoLink.Silo.Ledger;

/// <summary>
/// Publishes usage batches on the Orleans stream provider <see cref="UsageStreams.Provider"/>, spreading them round
/// robin over <c>Ledger:StreamShards</c> streams (one billing grain each), so that the ledger is written by several
/// grains in parallel.
/// </summary>
public sealed class OrleansUsagePublisher : IUsageBatchPublisher
{
    private readonly IClusterClient _client;
    private readonly IGrainFactory _grains;
    private readonly int _shards;
    private IAsyncStream<UsageBatch>[]? _streams;
    private IUsageAckObserver? _ackReference;
    private int _next;

    /// <summary>Creates the publisher.</summary>
    public OrleansUsagePublisher(IClusterClient client, IGrainFactory grains, Microsoft.Extensions.Options.IOptions<LedgerOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _client = client;
        _grains = grains;
        _shards = options.Value.StreamShards;
    }

    /// <inheritdoc />
    public IUsageAckObserver? AckTarget(IUsageAckObserver local)
    {
        // One reference for the life of the process; the runtime keeps it only while the object lives (the forwarder does).
        return _ackReference ??= _grains.CreateObjectReference<IUsageAckObserver>(local);
    }

    /// <inheritdoc />
    public Task PublishAsync(UsageBatch batch, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        var streams = _streams ??= CreateStreams();
        var shard = (int)((uint)Interlocked.Increment(ref _next) % (uint)streams.Length);
        return streams[shard].OnNextAsync(batch);
    }

    private IAsyncStream<UsageBatch>[] CreateStreams()
    {
        var provider = _client.GetStreamProvider(UsageStreams.Provider);
        return Enumerable.Range(0, _shards)
            .Select(i => provider.GetStream<UsageBatch>(StreamId.Create(UsageStreams.Namespace, UsageStreams.ShardKey(i))))
            .ToArray();
    }
}
