using System.Data.Common;
using GatoLink.Grains.Abstractions.Storage;
using GatoLink.Silo.Storage.Sql;
using Microsoft.Data.Sqlite;

namespace GatoLink.Silo.Storage;

/// <summary>Embedded storage in one SQLite file: WAL, busy timeout, foreign keys; one pooled connection per operation.</summary>
public sealed class SqliteStorageProvider : SqlStorageProvider
{
    private const int BusyTimeoutMs = 5000;
    private readonly string _connectionString;
    private readonly string _ownConnectionString;
    private int _walEnabled;

    /// <summary>Opens (creating when missing) the database file at <paramref name="databasePath"/>.</summary>
    public SqliteStorageProvider(string databasePath, TimeProvider? timeProvider = null)
        : base(SqliteDialect.Instance, timeProvider ?? TimeProvider.System)
    {
        DatabasePath = Path.GetFullPath(databasePath);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = DatabasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            ForeignKeys = true,
            DefaultTimeout = BusyTimeoutMs / 1000,
        }.ToString();
        _ownConnectionString = new SqliteConnectionStringBuilder(_connectionString) { Pooling = false }.ToString();
    }

    /// <summary>Full path of the database file.</summary>
    public string DatabasePath { get; }

    /// <inheritdoc />
    public override StorageKind Kind => StorageKind.Sqlite;

    private protected override string MigrationsTableSql =>
        "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER NOT NULL PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)";

    /// <inheritdoc />
    public override async ValueTask<DbConnection> OpenConnectionAsync(CancellationToken ct) => await OpenAsync(_connectionString, ct);

    /// <summary>
    /// A connection of the caller's own, outside the pool, with the same session settings: for a writer that keeps its
    /// connection and its prepared statements (the ledger's), and may set a per-connection pragma that no other
    /// operation must inherit. The caller disposes it, which closes it.
    /// </summary>
    public async ValueTask<SqliteConnection> OpenOwnConnectionAsync(CancellationToken ct) => await OpenAsync(_ownConnectionString, ct);

    private async ValueTask<SqliteConnection> OpenAsync(string connectionString, CancellationToken ct)
    {
        var connection = new SqliteConnection(connectionString);
        try
        {
            await connection.OpenAsync(ct);
            await using var command = connection.CreateCommand();
            // journal_mode is a property of the file: once per provider is enough (a race only repeats it);
            // the rest are per connection.
            var walPending = Volatile.Read(ref _walEnabled) == 0;
            command.CommandText = walPending
                ? $"PRAGMA journal_mode = WAL; PRAGMA busy_timeout = {BusyTimeoutMs}; PRAGMA foreign_keys = ON;"
                : $"PRAGMA busy_timeout = {BusyTimeoutMs}; PRAGMA foreign_keys = ON;";
            await command.ExecuteNonQueryAsync(ct);
            if (walPending)
            {
                Volatile.Write(ref _walEnabled, 1);
            }

            return connection;
        }
        catch (Exception)
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <inheritdoc />
    protected override ValueTask DisposeAsyncCore()
    {
        // Pooled handles keep the file (and its -wal/-shm) open; release them so the directory can go.
        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
        return ValueTask.CompletedTask;
    }

    // BEGIN IMMEDIATE (Microsoft.Data.Sqlite's default) already holds the database's write lock.
    private protected override Task LockForMigrationAsync(DbConnection connection, DbTransaction transaction, CancellationToken ct) =>
        Task.CompletedTask;
}
