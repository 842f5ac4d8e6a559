using GatoLink.Grains.Abstractions.Models;

namespace GatoLink.Grains.Models;

/// <summary>One request waiting in a <see cref="ModelGrain"/>'s queue: its claim, whose silo sent it, and its turn.</summary>
internal sealed class QueueWaiter(Guid ticket, QueueClaim claim, SiloAddress? from, TaskCompletionSource<QueueTurn> turn, TimeSpan maxWait, long joinedAt)
{
    public QueueClaim Claim { get; } = claim;

    public long JoinedAt { get; } = joinedAt;

    public long AskedAt { get; set; } = joinedAt;

    public Guid Ticket { get; } = ticket;

    public SiloAddress? From { get; } = from;

    public TimeSpan MaxWait { get; } = maxWait;

    public TaskCompletionSource<QueueTurn> Turn { get; } = turn;

    public long GrantedAt { get; set; }
}
