namespace GatoLink.Grains.Abstractions.Attribution;

/// <summary>
/// The attribution tags a key or tenant adds to every request (<paramref name="Defaults"/>) and the tag keys its
/// requests may carry (<paramref name="AllowedKeys"/>; empty: any key). Bounding the keys bounds the ledger's tag
/// cardinality, so that a usage query grouped by a tag stays small.
/// </summary>
/// <param name="Defaults">Tags every request of the key or tenant carries unless the request sets the same key.</param>
/// <param name="AllowedKeys">Tag keys a request may set; empty allows any.</param>
public sealed record TagPolicy(IReadOnlyDictionary<string, string> Defaults, IReadOnlyList<string> AllowedKeys)
{
    /// <summary>No defaults, any key.</summary>
    public static TagPolicy None { get; } = new(new Dictionary<string, string>(), []);

    /// <summary>Whether <paramref name="key"/> may be set by a request under this policy.</summary>
    public bool Allows(string key)
    {
        if (AllowedKeys.Count == 0)
        {
            return true;
        }

        for (var i = 0; i < AllowedKeys.Count; i++)
        {
            if (string.Equals(AllowedKeys[i], key, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
