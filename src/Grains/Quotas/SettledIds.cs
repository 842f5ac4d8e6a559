namespace GatoLink.Grains.Quotas;

/// <summary>
/// The reservations a limiter settled in the last <see cref="Retention"/>, so that a settlement sent again is not
/// counted twice. Orleans can run a call and still fail it at the caller (the call was forwarded to the grain's new
/// activation, then the silo it was addressed to left), and the caller sends it again; this makes that harmless.
/// Memory grows with the settlement rate over the window and is let go when the key is quiet.
/// </summary>
internal sealed class SettledIds
{
    /// <summary>How long a settled id is remembered: longer than a caller sends a settlement again (10 s).</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromSeconds(30);

    // Past this many ids a set indexes them; below it a scan of the few is as quick, and a key with little traffic (most
    // active keys) keeps no set: ~120 bytes instead of ~400 per key grain.
    private const int IndexFrom = 8;

    private readonly Queue<(Guid Id, long At)> _order = new(1);
    private HashSet<Guid>? _ids;

    /// <summary>Whether <paramref name="id"/> was settled within the window.</summary>
    public bool Contains(Guid id)
    {
        if (_ids is not null)
        {
            return _ids.Contains(id);
        }

        foreach (var (settled, _) in _order)
        {
            if (settled == id)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Remembers <paramref name="id"/> as settled at <paramref name="at"/> (a timestamp).</summary>
    public void Add(Guid id, long at)
    {
        if (Contains(id))
        {
            return;
        }

        _order.Enqueue((id, at));
        if (_ids is not null)
        {
            _ids.Add(id);
        }
        else if (_order.Count > IndexFrom)
        {
            _ids = [.. _order.Select(e => e.Id)];
        }
    }

    /// <summary>Drops ids older than the window; true when some remain.</summary>
    public bool Forget(long now, TimeProvider time)
    {
        while (_order.TryPeek(out var oldest) && time.GetElapsedTime(oldest.At, now) > Retention)
        {
            _order.Dequeue();
            _ids?.Remove(oldest.Id);
        }

        if (_ids is not null && _order.Count <= IndexFrom / 2)
        {
            // Quiet again: back to scanning the few.
            _ids = null;
        }

        return _order.Count > 0;
    }
}
