using System.Data.Common;
using System.Text.Json;
using Npgsql;
using NpgsqlTypes;

namespace GatoLink.Silo.Storage.Sql;

/// <summary>PostgreSQL: uuid, timestamptz (UTC), text[] lists, jsonb maps.</summary>
internal sealed class PostgresDialect : SqlDialect
{
    public static PostgresDialect Instance { get; } = new();

    public override object GuidValue(Guid value) => value;

    public override object DayValue(DateOnly value) => value;

    public override Guid ReadGuid(DbDataReader reader, int ordinal) => reader.GetGuid(ordinal);

    // Npgsql writes timestamptz only from UTC values.
    public override object TimeValue(DateTimeOffset value) => value.ToUniversalTime();

    public override DateTimeOffset ReadTime(DbDataReader reader, int ordinal) =>
        reader.GetFieldValue<DateTimeOffset>(ordinal);

    public override void AddList(DbCommand command, string name, IReadOnlyList<string> values) =>
        command.Parameters.Add(new NpgsqlParameter(name, NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = values.ToArray() });

    public override IReadOnlyList<string> ReadList(DbDataReader reader, int ordinal) =>
        reader.GetFieldValue<string[]>(ordinal);

    public override void AddMap(DbCommand command, string name, IReadOnlyDictionary<string, string> values) =>
        command.Parameters.Add(new NpgsqlParameter(name, NpgsqlDbType.Jsonb)
        {
            Value = JsonSerializer.Serialize(new Dictionary<string, string>(values), StorageJsonContext.Default.DictionaryStringString),
        });

    public override IReadOnlyDictionary<string, string> ReadMap(DbDataReader reader, int ordinal) =>
        JsonSerializer.Deserialize(reader.GetString(ordinal), StorageJsonContext.Default.DictionaryStringString) ?? [];

    public override bool IsUniqueViolation(DbException exception) =>
        exception is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };
}
