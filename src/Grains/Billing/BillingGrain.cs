using GatoLink.Grains.Abstractions.Usage;
using GatoLink.Grains.Telemetry;
using Microsoft.Extensions.Logging;
using Orleans.Streams;
using Orleans.Streams.Core;

namespace GatoLink.Grains.Billing;

/// <summary>
/// The usage stream's consumer, one activation per stream shard (implicitly subscribed: the stream activates it).
/// Each item is a batch of one silo's spool, billed by <see cref="UsageBilling"/>. A batch that fails throws: the
/// stream redelivers it.
/// </summary>
[ImplicitStreamSubscription(UsageStreams.Namespace)]
public sealed partial class BillingGrain : Grain, IBillingGrain, IStreamSubscriptionObserver, IAsyncObserver<UsageBatch>
{
    private readonly UsageBilling _billing;
    private readonly ILogger<BillingGrain> _logger;

    /// <summary>Creates the grain; the ledger comes from the silo's storage choice.</summary>
    public BillingGrain(IUsageLedger ledger, IEnumerable<IUsageObserver> observers, TimeProvider time, ILogger<BillingGrain> logger, LedgerInstruments? instruments = null)
    {
        _billing = new UsageBilling(ledger, observers, time, logger, instruments);
        _logger = logger;
    }

    /// <inheritdoc />
    public Task<int> Bill(UsageBatch batch) => _billing.BillAsync(batch, CancellationToken.None);

    /// <inheritdoc />
    public Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory)
    {
        ArgumentNullException.ThrowIfNull(handleFactory);
        return handleFactory.Create<UsageBatch>().ResumeAsync(this);
    }

    /// <inheritdoc />
    public Task OnNextAsync(UsageBatch item, StreamSequenceToken? token = null) => Bill(item);

    /// <inheritdoc />
    public Task OnCompletedAsync() => Task.CompletedTask;

    /// <inheritdoc />
    public Task OnErrorAsync(Exception ex)
    {
        LogStreamError(_logger, ex, this.GetPrimaryKeyString());
        return Task.CompletedTask;
    }

    [LoggerMessage(EventId = 3103, Level = LogLevel.Warning, Message = "Usage stream {Shard} reported an error")]
    private static partial void LogStreamError(ILogger logger, Exception exception, string shard);
}
