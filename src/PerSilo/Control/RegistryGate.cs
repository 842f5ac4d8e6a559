namespace GatoLink.PerSilo.Control;

/// <summary>
/// Orders what reaches a silo's directories: a local write counts an epoch and applies under one lock, and a reload
/// applies its snapshot only if no local write happened since the snapshot was read (else it would drop a tenant just
/// created, or un-revoke a key just revoked).
/// </summary>
internal sealed class RegistryGate
{
    private readonly Lock _gate = new();
    private long _epoch;

    /// <summary>The epoch to read a snapshot at.</summary>
    public long Epoch => Volatile.Read(ref _epoch);

    /// <summary>Applies a local write.</summary>
    public void Applied(Action apply)
    {
        ArgumentNullException.ThrowIfNull(apply);
        lock (_gate)
        {
            _epoch++;
            apply();
        }
    }

    /// <summary>Applies a snapshot read at <paramref name="epoch"/>; false (nothing applied) when a local write came since.</summary>
    public bool ApplyIfUnchanged(long epoch, Action apply)
    {
        ArgumentNullException.ThrowIfNull(apply);
        lock (_gate)
        {
            if (epoch != _epoch)
            {
                return false;
            }

            apply();
            return true;
        }
    }
}
