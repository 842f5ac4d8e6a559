using GatoLink.Grains.Abstractions.Keys;
using GatoLink.Grains.Abstractions.Models;
using GatoLink.Grains.Models;
using Microsoft.Extensions.Time.Testing;

namespace GatoLink.Grains.Tests.Models;

/// <summary>
/// A fair queue that stays full, as in bench/fairness: two batch tenants of weights 3 and 1 each send twice what is
/// served, the queue holds 200, a full queue refuses (or pushes out) as <see cref="ModelGrain"/> does, and every request
/// tells the queue what it used once it ends, as the silo does: a served one its work, a refused one nothing.
/// </summary>
public sealed class FullFairQueueTests
{
    private const int Bound = 200;
    private const long Work = 192;
    private static readonly Guid A = new("aaaaaaaa-0000-0000-0000-000000000000");
    private static readonly Guid B = new("bbbbbbbb-0000-0000-0000-000000000000");

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 7, 6, 0, 0, TimeSpan.Zero));
    private readonly Dictionary<Guid, Guid> _tenantOf = [];
    private readonly Dictionary<Guid, int> _served = new() { [A] = 0, [B] = 0 };
    private readonly Dictionary<Guid, int> _refused = new() { [A] = 0, [B] = 0 };

    [Fact]
    public void TheWeightedSplitHoldsOnceTheQueueIsFullAndRefusesTheTenantOverItsShare()
    {
        var queue = new FairScheduler(_time);
        var running = new Queue<Guid>();

        // 100 ms per turn: two arrivals (one of each tenant, which first alternating), one request served, and the one
        // served 16 turns ago (16 slots) ends and reports its real work.
        for (var turn = 0; turn < 900; turn++)
        {
            foreach (var tenant in turn % 2 == 0 ? new[] { A, B } : [B, A])
            {
                Arrive(queue, tenant);
            }

            var next = queue.Next()!.Value;
            running.Enqueue(next);
            if (turn >= 400)
            {
                _served[_tenantOf[next]]++;
            }

            if (running.Count > 16)
            {
                queue.Correct(running.Dequeue(), Work);
            }

            _time.Advance(TimeSpan.FromMilliseconds(100));
        }

        // The queue filled at about turn 200; from turn 400 on it was full throughout.
        var share = _served[A] * 100.0 / (_served[A] + _served[B]);
        Assert.True(share is > 74 and < 76, $"A's share {share:0.0}% of {_served[A] + _served[B]} served, refused A {_refused[A]} B {_refused[B]}");
        Assert.True(_refused[B] > 2 * _refused[A], $"refused A {_refused[A]} B {_refused[B]}");
    }

    // As ModelGrain.WaitTurn: a full queue asks for a victim; the refused request (newcomer or victim) reports 0 work.
    private void Arrive(FairScheduler queue, Guid tenant)
    {
        var ticket = Guid.NewGuid();
        _tenantOf[ticket] = tenant;
        var claim = new QueueClaim(tenant, PriorityClass.Batch, tenant == A ? 3 : 1, null, Work);
        if (queue.Count >= Bound)
        {
            if (queue.Victim(claim) is not { } victim)
            {
                Refuse(queue, ticket);
                return;
            }

            queue.Remove(victim);
            Refuse(queue, victim);
        }

        queue.Enqueue(ticket, claim);
    }

    private void Refuse(FairScheduler queue, Guid ticket)
    {
        _refused[_tenantOf[ticket]]++;
        queue.Correct(ticket, 0);
    }
}
