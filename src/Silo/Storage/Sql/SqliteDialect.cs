using System.Data.Common;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace GatoLink.Silo.Storage.Sql;

/// <summary>SQLite: GUIDs as lower-case TEXT, times as unix milliseconds, lists and maps as JSON TEXT.</summary>
internal sealed class SqliteDialect : SqlDialect
{
    private const int SqliteConstraint = 19;
    private const int SqliteConstraintPrimaryKey = 1555;
    private const int SqliteConstraintUnique = 2067;

    public static SqliteDialect Instance { get; } = new();

    public override object GuidValue(Guid value) => value.ToString("D");

    public override object DayValue(DateOnly value) => value.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    public override Guid ReadGuid(DbDataReader reader, int ordinal) => Guid.Parse(reader.GetString(ordinal));

    public override object TimeValue(DateTimeOffset value) => value.ToUnixTimeMilliseconds();

    public override DateTimeOffset ReadTime(DbDataReader reader, int ordinal) =>
        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(ordinal));

    public override void AddList(DbCommand command, string name, IReadOnlyList<string> values) =>
        Add(command, name, JsonSerializer.Serialize(values.ToArray(), StorageJsonContext.Default.StringArray));

    public override IReadOnlyList<string> ReadList(DbDataReader reader, int ordinal) =>
        JsonSerializer.Deserialize(reader.GetString(ordinal), StorageJsonContext.Default.StringArray) ?? [];

    public override void AddMap(DbCommand command, string name, IReadOnlyDictionary<string, string> values) =>
        Add(command, name, JsonSerializer.Serialize(new Dictionary<string, string>(values), StorageJsonContext.Default.DictionaryStringString));

    public override IReadOnlyDictionary<string, string> ReadMap(DbDataReader reader, int ordinal) =>
        JsonSerializer.Deserialize(reader.GetString(ordinal), StorageJsonContext.Default.DictionaryStringString) ?? [];

    public override bool IsUniqueViolation(DbException exception) =>
        exception is SqliteException { SqliteErrorCode: SqliteConstraint } sqlite
        && sqlite.SqliteExtendedErrorCode is SqliteConstraintUnique or SqliteConstraintPrimaryKey;
}
