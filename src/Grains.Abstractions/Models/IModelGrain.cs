namespace GatoLink.Grains.Abstractions.Models;

/// <summary>
/// One model's wait queue for the whole cluster (key: the canonical model name), used when every node serving the model
/// is saturated: bounded, with a maximum wait, ordered by class and then by weighted fair share of GPU work across
/// tenants. Only the head places; it leaves the queue when it has a node or gives up, and the next one gets its turn.
/// </summary>
[Alias("gatolink.model-grain")]
public interface IModelGrain : IGrainWithStringKey
{
    /// <summary>
    /// Joins the queue (or finds the ticket in it) and returns when it is this ticket's turn, the queue is full, the wait
    /// ran out, or, still in line after about a second, <see cref="QueueTurn.Waiting"/>: the caller asks again with the
    /// same ticket. Short answers leave no call open on the grain, so an activation that Orleans deactivates (its silo
    /// leaves, or the directory entry that registered it was lost with another silo) does so at once, and its waiters
    /// line up again at the next activation in the order they ask.
    /// </summary>
    /// <param name="ticket">This request's wait: a fresh id the first time, the same one while it waits.</param>
    /// <param name="claim">Whose request it is, its class, its tenant's weight and guarantee, and its GPU work.</param>
    /// <param name="from">The silo the request waits on (null when unknown): if the cluster declares it dead, its tickets leave.</param>
    /// <param name="maxLength">The queue's bound, as the calling silo is configured.</param>
    /// <param name="maxWait">How long it may wait for its turn (and hold the head once it has it).</param>
    /// <param name="order">The queue's order, as the calling silo is configured.</param>
    /// <param name="cancellationToken">The client left: the ticket leaves the queue.</param>
    Task<QueueTurn> WaitTurn(Guid ticket, QueueClaim claim, SiloAddress? from, int maxLength, TimeSpan maxWait, QueueOrder order, CancellationToken cancellationToken);

    /// <summary>Leaves the queue (placed, gave up, or cancelled); the next ticket gets its turn. Unknown tickets are ignored.</summary>
    Task Leave(Guid ticket);

    /// <summary>
    /// The request whose turn <paramref name="ticket"/> was used <paramref name="actualWork"/> (0: it found no node): its
    /// tenant's share counts that instead of the work it claimed. A ticket the queue never gave a turn (refused, pushed
    /// out of a full queue, timed out) changes nothing, as its tenant was never counted for it.
    /// </summary>
    Task Served(Guid ticket, long actualWork);

    /// <summary>The queue by tenant now, the most waiting work first.</summary>
    Task<TenantQueue[]> ByTenant();

    /// <summary>Requests waiting now, the head included.</summary>
    Task<int> Length();

    /// <summary>The queue's length and the p95 of its waits over the last minute (the scaling signal reads it).</summary>
    Task<QueueStats> Stats();
}
