using System.Data.Common;
using GatoLink.Grains.Abstractions.Storage;
using GatoLink.Silo.Storage.Sql;
using Npgsql;

namespace GatoLink.Silo.Storage;

/// <summary>Cluster storage in PostgreSQL through one <see cref="NpgsqlDataSource"/>.</summary>
public sealed class PostgresStorageProvider : SqlStorageProvider
{
    // "gatolink" in ASCII: the advisory lock every silo takes while migrating.
    private const long MigrationLockKey = 0x6761746F6C696E6B;

    /// <summary>Creates the provider and its data source from a connection string.</summary>
    public PostgresStorageProvider(string connectionString, TimeProvider? timeProvider = null)
        : this(NpgsqlDataSource.Create(connectionString), timeProvider)
    {
    }

    /// <summary>Creates the provider over a data source it then owns.</summary>
    public PostgresStorageProvider(NpgsqlDataSource dataSource, TimeProvider? timeProvider = null)
        : base(PostgresDialect.Instance, timeProvider ?? TimeProvider.System)
    {
        DataSource = dataSource;
    }

    /// <summary>The data source, for features that want Npgsql specifics (COPY, LISTEN/NOTIFY, batches).</summary>
    public NpgsqlDataSource DataSource { get; }

    /// <inheritdoc />
    public override StorageKind Kind => StorageKind.PostgreSql;

    private protected override string MigrationsTableSql =>
        "CREATE TABLE IF NOT EXISTS schema_migrations (version integer NOT NULL PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL)";

    /// <inheritdoc />
    public override async ValueTask<DbConnection> OpenConnectionAsync(CancellationToken ct) =>
        await DataSource.OpenConnectionAsync(ct);

    /// <inheritdoc />
    public override bool ForgetIfBroken(DbException exception) => PostgresBrokenConnections.Forget(DataSource, exception);

    /// <inheritdoc />
    protected override ValueTask DisposeAsyncCore() => DataSource.DisposeAsync();

    // Taken before CREATE TABLE IF NOT EXISTS, which itself races between sessions; released at commit.
    private protected override async Task LockForMigrationAsync(DbConnection connection, DbTransaction transaction, CancellationToken ct)
    {
        await using var command = Command(connection, transaction, "SELECT pg_advisory_xact_lock(@key)");
        SqlDialect.Add(command, "key", MigrationLockKey);
        await command.ExecuteNonQueryAsync(ct);
    }
}
