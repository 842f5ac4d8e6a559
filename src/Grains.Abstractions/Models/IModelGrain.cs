namespace GatoLink.Grains.Abstractions.Models;

/// <summary>
/// One model's wait queue for the whole cluster (key: the canonical model name), used when every node serving the model
/// is saturated: FIFO, bounded, with a maximum wait. Only the head places; it leaves the queue when it has a node or
/// gives up, and the next one gets its turn.
/// </summary>
[Alias("gatolink.model-grain")]
public interface IModelGrain : IGrainWithStringKey
{
    /// <summary>Joins the queue and returns when it is this ticket's turn, the queue is full, or the wait ran out.</summary>
    /// <param name="ticket">A fresh id for this request's wait.</param>
    /// <param name="from">The silo the request waits on (null when unknown): if the cluster declares it dead, its tickets leave.</param>
    /// <param name="maxLength">The queue's bound, as the calling silo is configured.</param>
    /// <param name="maxWait">How long it may wait for its turn (and hold the head once it has it).</param>
    /// <param name="cancellationToken">The client left: the ticket leaves the queue.</param>
    Task<QueueTurn> WaitTurn(Guid ticket, SiloAddress? from, int maxLength, TimeSpan maxWait, CancellationToken cancellationToken);

    /// <summary>Leaves the queue (placed, gave up, or cancelled); the next ticket gets its turn. Unknown tickets are ignored.</summary>
    Task Leave(Guid ticket);

    /// <summary>Requests waiting now, the head included.</summary>
    Task<int> Length();
}
