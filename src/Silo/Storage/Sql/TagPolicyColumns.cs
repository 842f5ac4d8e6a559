using System.Data.Common;
using GatoLink.Grains.Abstractions.Attribution;

namespace GatoLink.Silo.Storage.Sql;

/// <summary>A key's or tenant's <see cref="TagPolicy"/> as the columns <c>default_tags</c> and <c>allowed_tag_keys</c>.</summary>
internal static class TagPolicyColumns
{
    /// <summary>Adds <c>@default_tags</c> and <c>@allowed_tag_keys</c>; null is stored as no defaults and any key.</summary>
    public static void Bind(SqlDialect dialect, DbCommand command, TagPolicy? policy)
    {
        var tags = policy ?? TagPolicy.None;
        dialect.AddMap(command, "default_tags", tags.Defaults);
        dialect.AddList(command, "allowed_tag_keys", tags.AllowedKeys);
    }

    /// <summary>Reads the two columns from <paramref name="ordinal"/>; null when both are empty.</summary>
    public static TagPolicy? Read(SqlDialect dialect, DbDataReader reader, int ordinal)
    {
        var defaults = dialect.ReadMap(reader, ordinal);
        var allowed = dialect.ReadList(reader, ordinal + 1);
        return defaults.Count == 0 && allowed.Count == 0 ? null : new TagPolicy(defaults, allowed);
    }
}
