namespace GatoLink.Grains.Quotas;

/// <summary>
/// A scope's reservations not yet settled, by id. One lives in every active key grain, so the one request a key usually
/// has in flight sits in a field; a dictionary is made only when a second one is open at the same time.
/// </summary>
internal sealed class OpenReservations
{
    private OpenReservation? _one;
    private Dictionary<Guid, OpenReservation>? _more;

    /// <summary>How many are open.</summary>
    public int Count => (_one is null ? 0 : 1) + (_more?.Count ?? 0);

    /// <summary>The open reservation <paramref name="id"/> names, or null.</summary>
    public OpenReservation? Find(Guid id) =>
        _one is { } one && one.Id == id ? one
        : _more is not null && _more.TryGetValue(id, out var open) ? open
        : null;

    /// <summary>Keeps <paramref name="open"/> until it is removed.</summary>
    public void Add(OpenReservation open)
    {
        if (_one is null)
        {
            _one = open;
        }
        else
        {
            (_more ??= [])[open.Id] = open;
        }
    }

    /// <summary>Takes out the reservation <paramref name="id"/> names; null when it is not open.</summary>
    public OpenReservation? Remove(Guid id)
    {
        if (_one is { } one && one.Id == id)
        {
            _one = null;
            return one;
        }

        return _more is not null && _more.Remove(id, out var open) ? open : null;
    }

    /// <summary>Takes out every reservation made before <paramref name="cutoff"/>, calling <paramref name="removed"/> for each.</summary>
    /// <returns>How many were taken out.</returns>
    public int RemoveMadeBefore(DateTimeOffset cutoff, Action<Guid> removed)
    {
        var count = 0;
        if (_one is { } one && one.At < cutoff)
        {
            _one = null;
            removed(one.Id);
            count++;
        }

        if (_more is not null)
        {
            foreach (var (id, open) in _more)
            {
                if (open.At < cutoff && _more.Remove(id))
                {
                    removed(id);
                    count++;
                }
            }
        }

        return count;
    }
}
