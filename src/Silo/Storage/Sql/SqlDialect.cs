using System.Data.Common;

namespace GatoLink.Silo.Storage.Sql;

/// <summary>
/// What differs between the two databases for the shared SQL: how ids, times and lists are stored,
/// and how a unique violation is recognised. The SQL text itself is the same for both.
/// </summary>
internal abstract class SqlDialect
{
    /// <summary>The value bound for a GUID column.</summary>
    public abstract object GuidValue(Guid value);

    /// <summary>Reads a GUID column.</summary>
    public abstract Guid ReadGuid(DbDataReader reader, int ordinal);

    /// <summary>The value bound for a time column.</summary>
    public abstract object TimeValue(DateTimeOffset value);

    /// <summary>Reads a time column.</summary>
    public abstract DateTimeOffset ReadTime(DbDataReader reader, int ordinal);

    /// <summary>Adds a list-of-names parameter.</summary>
    public abstract void AddList(DbCommand command, string name, IReadOnlyList<string> values);

    /// <summary>Reads a list-of-names column.</summary>
    public abstract IReadOnlyList<string> ReadList(DbDataReader reader, int ordinal);

    /// <summary>Adds a string map parameter.</summary>
    public abstract void AddMap(DbCommand command, string name, IReadOnlyDictionary<string, string> values);

    /// <summary>Reads a string map column.</summary>
    public abstract IReadOnlyDictionary<string, string> ReadMap(DbDataReader reader, int ordinal);

    /// <summary>True when the error is a unique or primary-key violation.</summary>
    public abstract bool IsUniqueViolation(DbException exception);

    /// <summary>A UTC day as the ledger's <c>day</c> columns hold it (date, or ISO text).</summary>
    public abstract object DayValue(DateOnly value);

    /// <summary>Adds a parameter; null becomes DBNull.</summary>
    public static void Add(DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = ParameterName(name);
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
    }

    /// <summary>
    /// A parameter's name as the SQL text writes it, prefix included. Microsoft.Data.Sqlite binds a bare name by looking
    /// it up as given and then once per prefix (@, $, :) on every execution, each a scan of the statement's names (about
    /// 4% of a silo's CPU at saturation for the ledger's 23 per row: perf, bench/overhead); Npgsql strips the prefix.
    /// </summary>
    public static string ParameterName(string name) => name.StartsWith('@') ? name : "@" + name;

    /// <summary>Reads a nullable 64-bit integer column.</summary>
    public static long? ReadNullableInt64(DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetInt64(ordinal);

    /// <summary>Reads a nullable 32-bit integer column.</summary>
    public static int? ReadNullableInt32(DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetInt32(ordinal);
}
