namespace GatoLink.Grains.Models;

/// <summary>
/// The requests a fair queue served lately and counted at their claimed work, by ticket, until their real usage comes
/// back (<see cref="FairScheduler.Correct"/>). Only these may correct a tenant's share: a request refused, pushed out
/// of a full queue or timed out was never counted, so its "used nothing" must not credit its tenant (it did, by tenant,
/// and every refusal of the tenant furthest over its share handed it back a request's worth of share). Kept for
/// <see cref="Horizon"/> and at most <see cref="Capacity"/> of them, the oldest dropped first: a correction that comes
/// later leaves the estimate counted. Single-threaded: the model grain's turn.
/// </summary>
public sealed class ServedTickets
{
    /// <summary>How long a served request's correction is awaited.</summary>
    public static readonly TimeSpan Horizon = TimeSpan.FromMinutes(5);

    /// <summary>Most served requests awaiting their correction.</summary>
    public const int Capacity = 65_536;

    private readonly Dictionary<Guid, (Guid TenantId, long Work)> _served = [];
    private readonly Queue<(Guid Item, long At)> _order = new();
    private readonly TimeProvider _time;

    /// <summary>None yet, on the grain's clock.</summary>
    public ServedTickets(TimeProvider time) => _time = time;

    /// <summary>Remembers that <paramref name="item"/> of <paramref name="tenantId"/> was counted at <paramref name="work"/>.</summary>
    public void Add(Guid item, Guid tenantId, long work)
    {
        var now = _time.GetTimestamp();
        while (_order.TryPeek(out var oldest) && (_order.Count >= Capacity || _time.GetElapsedTime(oldest.At, now) > Horizon))
        {
            _order.Dequeue();
            _served.Remove(oldest.Item);
        }

        _served[item] = (tenantId, work);
        _order.Enqueue((item, now));
    }

    /// <summary>Takes what <paramref name="item"/> was counted at; false when it was never served (or long ago, or already corrected).</summary>
    public bool TryTake(Guid item, out Guid tenantId, out long work)
    {
        // Its place in the expiry order stays until it comes up; removing it from the map is enough.
        var found = _served.Remove(item, out var served);
        (tenantId, work) = served;
        return found;
    }
}
