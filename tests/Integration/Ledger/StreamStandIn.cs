using System.Threading.Channels;
using GatoLink.Grains.Abstractions.Usage;
using GatoLink.Grains.Billing;
using GatoLink.Silo.Ledger;

namespace GatoLink.Integration.Tests.Ledger;

/// <summary>
/// The usage stream without a silo: what <see cref="UsageForwarder"/> publishes is delivered, in order, to a
/// <see cref="UsageBilling"/>, at least once — a delivery that throws is delivered again, as the Orleans stream does.
/// Faults: <see cref="Refusing"/> makes publishing fail (the stream's database is down); <see cref="FailAfterWrite"/>
/// makes the next deliveries throw after the ledger committed them (a consumer that dies mid-batch).
/// </summary>
internal sealed class StreamStandIn : IUsageBatchPublisher, IAsyncDisposable
{
    private readonly Channel<UsageBatch> _items = Channel.CreateUnbounded<UsageBatch>();
    private readonly UsageBilling _billing;
    private readonly Task _consumer;
    private int _failAfterWrite;
    private int _deliveries;
    private int _redeliveries;

    public StreamStandIn(UsageBilling billing)
    {
        _billing = billing;
        _consumer = Task.Run(ConsumeAsync);
    }

    /// <summary>While true, publishing throws (as the ADO.NET provider does when PostgreSQL is away).</summary>
    public bool Refusing { get; set; }

    /// <summary>Deliveries so far, redeliveries included.</summary>
    public int Deliveries => Volatile.Read(ref _deliveries);

    /// <summary>Deliveries that repeated an item after a failure.</summary>
    public int Redeliveries => Volatile.Read(ref _redeliveries);

    /// <summary>The next <paramref name="count"/> deliveries throw after the ledger committed them.</summary>
    public void FailAfterWrite(int count) => Volatile.Write(ref _failAfterWrite, count);

    public IUsageAckObserver? AckTarget(IUsageAckObserver local) => local;

    public Task PublishAsync(UsageBatch batch, CancellationToken ct)
    {
        if (Refusing)
        {
            throw new InvalidOperationException("The stream's database is away (test).");
        }

        _items.Writer.TryWrite(batch);
        return Task.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        _items.Writer.TryComplete();
        await _consumer;
    }

    private async Task ConsumeAsync()
    {
        await foreach (var item in _items.Reader.ReadAllAsync())
        {
            var attempt = 0;
            while (true)
            {
                Interlocked.Increment(ref _deliveries);
                if (attempt++ > 0)
                {
                    Interlocked.Increment(ref _redeliveries);
                }

                try
                {
                    await DeliverAsync(item);
                    break;
                }
                catch (Exception ex) when (ex is System.Data.Common.DbException or InvalidOperationException)
                {
                    await Task.Delay(20);
                }
            }
        }
    }

    private async Task DeliverAsync(UsageBatch item)
    {
        if (Volatile.Read(ref _failAfterWrite) > 0)
        {
            // The ledger commits, then the consumer dies before it acknowledges.
            var withoutAck = item with { AckTo = null };
            await _billing.BillAsync(withoutAck, CancellationToken.None);
            Interlocked.Decrement(ref _failAfterWrite);
            throw new InvalidOperationException("The consumer failed after the ledger committed (test).");
        }

        await _billing.BillAsync(item, CancellationToken.None);
    }
}
