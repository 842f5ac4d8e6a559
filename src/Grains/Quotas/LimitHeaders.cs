namespace GatoLink.Grains.Quotas;

/// <summary>Joins the <c>x-ratelimit-*</c> headers of a key and its tenant: each bucket's from the key when it has one.</summary>
public static class LimitHeaders
{
    /// <summary>The tenant's headers overridden by the key's, per header name.</summary>
    public static KeyValuePair<string, string>[] Merge(KeyValuePair<string, string>[] key, KeyValuePair<string, string>[] tenant)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(tenant);
        if (tenant.Length == 0)
        {
            return key;
        }

        var merged = new Dictionary<string, string>(tenant.Length + key.Length, StringComparer.Ordinal);
        foreach (var (name, value) in tenant)
        {
            merged[name] = value;
        }

        foreach (var (name, value) in key)
        {
            merged[name] = value;
        }

        return [.. merged];
    }
}
