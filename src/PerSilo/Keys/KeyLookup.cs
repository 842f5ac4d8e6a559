namespace GatoLink.PerSilo.Keys;

/// <summary>
/// What this silo knows of a bearer secret without asking storage: the key's entry, a secret known to be no key's
/// (or not worth looking up), or one storage must be asked about (<see cref="KeyDirectory.FindInStorageAsync"/>).
/// </summary>
public readonly struct KeyLookup
{
    private KeyLookup(ApiKeyEntry? entry, byte[]? hash)
    {
        Entry = entry;
        Hash = hash;
    }

    /// <summary>The key's entry, when this silo holds it.</summary>
    public ApiKeyEntry? Entry { get; }

    /// <summary>Neither held nor known missing: only storage can tell.</summary>
    public bool NeedsStorage => Entry is null && Hash is not null;

    /// <summary>The secret's hash, kept for the storage lookup.</summary>
    internal byte[]? Hash { get; }

    internal static KeyLookup Found(ApiKeyEntry entry) => new(entry, null);

    internal static KeyLookup Missing => default;

    internal static KeyLookup AskStorage(byte[] hash) => new(null, hash);
}
