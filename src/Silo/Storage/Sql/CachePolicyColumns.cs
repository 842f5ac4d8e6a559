using System.Data.Common;
using GatoLink.Grains.Abstractions.Cache;

namespace GatoLink.Silo.Storage.Sql;

/// <summary>
/// A key's or tenant's <see cref="CachePolicy"/> as four plain columns (the same in both databases): <c>cache_mode</c>
/// (null: no policy), <c>cache_ttl_seconds</c>, <c>cache_similarity</c>, <c>cache_random</c>.
/// </summary>
internal static class CachePolicyColumns
{
    /// <summary>The column names in order, for a SELECT or INSERT list.</summary>
    public const string Names = "cache_mode, cache_ttl_seconds, cache_similarity, cache_random";

    /// <summary>The parameters in the order of <see cref="Names"/>.</summary>
    public const string Parameters = "@cache_mode, @cache_ttl_seconds, @cache_similarity, @cache_random";

    /// <summary>The SET list of an UPDATE.</summary>
    public const string Assignments =
        "cache_mode = @cache_mode, cache_ttl_seconds = @cache_ttl_seconds, cache_similarity = @cache_similarity, cache_random = @cache_random";

    /// <summary>Adds the four parameters.</summary>
    public static void Bind(DbCommand command, CachePolicy? policy)
    {
        SqlDialect.Add(command, "cache_mode", policy is null ? null : EnumText.ToText(policy.Mode));
        SqlDialect.Add(command, "cache_ttl_seconds", policy?.TtlSeconds ?? CachePolicy.DefaultTtlSeconds);
        SqlDialect.Add(command, "cache_similarity", policy?.Similarity ?? CachePolicy.DefaultSimilarity);
        SqlDialect.Add(command, "cache_random", policy?.CacheRandom ?? false);
    }

    /// <summary>Reads the four columns from <paramref name="first"/>; null when the row has no policy.</summary>
    public static CachePolicy? Read(DbDataReader reader, int first) => reader.IsDBNull(first)
        ? null
        : new CachePolicy(
            EnumText.Parse<CacheMode>(reader.GetString(first)),
            Convert.ToInt32(reader.GetValue(first + 1), System.Globalization.CultureInfo.InvariantCulture),
            Convert.ToDouble(reader.GetValue(first + 2), System.Globalization.CultureInfo.InvariantCulture),
            reader.GetBoolean(first + 3));
}
