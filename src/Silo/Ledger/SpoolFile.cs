using System.Globalization;
using Microsoft.Data.Sqlite;

namespace GatoLink.Silo.Ledger;

/// <summary>
/// The spool's SQLite file: opened for the writer (WAL, <c>synchronous=NORMAL</c>, no automatic checkpoint, an
/// integrity check first), its schema, and a damaged file set aside with its <c>-wal</c>/<c>-shm</c>.
/// </summary>
internal static class SpoolFile
{
    /// <summary>SQLite's primary result code for a damaged file.</summary>
    public const int Corrupt = 11;

    /// <summary>SQLite's primary result code for a full disk (or <c>max_page_count</c> reached).</summary>
    public const int Full = 13;

    /// <summary>SQLite's primary result code for a file that is not a database.</summary>
    public const int NotADatabase = 26;

    private const string Schema = """
        CREATE TABLE IF NOT EXISTS spool (seq INTEGER PRIMARY KEY AUTOINCREMENT, payload TEXT NOT NULL, ts INTEGER);
        CREATE TABLE IF NOT EXISTS quarantine (seq INTEGER NOT NULL, payload BLOB, reason TEXT NOT NULL, quarantined_at TEXT NOT NULL);
        """;

    /// <summary>Whether SQLite calls the file damaged.</summary>
    public static bool IsCorrupt(SqliteException ex) => ex.SqliteErrorCode is Corrupt or NotADatabase;

    /// <summary>
    /// Opens (creating when missing) the file for the writer, with the rows it holds and its highest sequence number.
    /// Throws a <see cref="SqliteException"/> that <see cref="IsCorrupt"/> recognises when the file is damaged.
    /// </summary>
    public static (SqliteConnection Connection, long Count, long MaxSequence) OpenWriter(string path, long? maxBytes)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false }.ToString());
        try
        {
            connection.Open();
            // Checkpoints are the reader's (UsageSpool.MaybeCheckpoint); the writer never pays for one.
            Execute(connection, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA wal_autocheckpoint = 0;");
            // A damaged header or page list shows here rather than on the first append of a request.
            if (Scalar(connection, "PRAGMA quick_check(1)") is not string ok || !string.Equals(ok, "ok", StringComparison.OrdinalIgnoreCase))
            {
                throw new SqliteException("The spool file fails its integrity check.", Corrupt);
            }

            Execute(connection, Schema);
            if (Long(connection, "SELECT COUNT(*) FROM pragma_table_info('spool') WHERE name = 'ts'") == 0)
            {
                // A spool file from before events carried their timestamp here: its rows read as "oldest unknown".
                Execute(connection, "ALTER TABLE spool ADD COLUMN ts INTEGER");
            }

            // OldestTimestamp runs every 200 ms under load: an index seek, never a scan of the payloads.
            Execute(connection, "CREATE INDEX IF NOT EXISTS spool_ts ON spool (ts)");

            if (maxBytes is { } max)
            {
                var pageSize = Long(connection, "PRAGMA page_size");
                Execute(connection, $"PRAGMA max_page_count = {Math.Max(16, max / pageSize)}");
            }

            return (connection, Long(connection, "SELECT COUNT(*) FROM spool"), Long(connection, "SELECT COALESCE(MAX(seq), 0) FROM spool"));
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Renames the file (and its <c>-wal</c>/<c>-shm</c>) to <c>{path}.corrupt-{time}</c>; returns that name.</summary>
    public static string MoveAside(string path, DateTimeOffset now)
    {
        var stamp = now.ToString("yyyyMMddTHHmmssfffZ", CultureInfo.InvariantCulture);
        var target = $"{path}.corrupt-{stamp}";
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            if (File.Exists(path + suffix))
            {
                File.Move(path + suffix, target + suffix);
            }
        }

        return target;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    private static long Long(SqliteConnection connection, string sql) => Convert.ToInt64(Scalar(connection, sql), CultureInfo.InvariantCulture);
}
