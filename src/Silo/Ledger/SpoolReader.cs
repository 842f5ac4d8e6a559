using Microsoft.Data.Sqlite;

namespace GatoLink.Silo.Ledger;

/// <summary>
/// The spool's reading side: a second connection (in WAL mode readers never block the writer) for the forwarder's
/// reads, the mark's oldest timestamp, and the WAL checkpoints (the only fsyncs), so that no append waits for them.
/// Thread-safe: one lock around the connection.
/// </summary>
internal sealed class SpoolReader(string path, TimeProvider time) : IDisposable
{
    private static readonly TimeSpan CheckpointEvery = TimeSpan.FromSeconds(1);

    private readonly Lock _lock = new();
    private SqliteConnection? _connection;
    private long _lastCheckpoint;

    /// <summary>Up to <paramref name="max"/> rows above <paramref name="after"/>, in order; a payload that is not text reads as null.</summary>
    public List<(long Seq, string? Payload)> ReadAfter(long after, int max)
    {
        lock (_lock)
        {
            var rows = new List<(long, string?)>(Math.Min(max, 1024));
            using var command = Connection().CreateCommand();
            command.CommandText = "SELECT seq, payload FROM spool WHERE seq > @after ORDER BY seq LIMIT @max";
            command.Parameters.AddWithValue("@after", after);
            command.Parameters.AddWithValue("@max", max);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                // Not text (a blob where JSON should be) or NULL: kept as null, for the quarantine.
                rows.Add((reader.GetInt64(0), reader.GetValue(1) as string));
            }

            return rows;
        }
    }

    /// <summary>See <see cref="UsageSpool.OldestTimestamp"/>.</summary>
    public DateTimeOffset? OldestTimestamp()
    {
        lock (_lock)
        {
            using var command = Connection().CreateCommand();
            // Both seek the ts index (NULLs sort first in it): no scan, however deep the spool.
            command.CommandText = "SELECT EXISTS (SELECT 1 FROM spool WHERE ts IS NULL), (SELECT MIN(ts) FROM spool)";
            using var reader = command.ExecuteReader();
            reader.Read();
            return reader.GetInt64(0) == 1 ? DateTimeOffset.MinValue
                : reader.IsDBNull(1) ? null
                : new DateTimeOffset(reader.GetInt64(1), TimeSpan.Zero);
        }
    }

    /// <summary>Rows in the quarantine table.</summary>
    public long CountQuarantined()
    {
        lock (_lock)
        {
            using var command = Connection().CreateCommand();
            command.CommandText = "SELECT COUNT(*) FROM quarantine";
            return (long)command.ExecuteScalar()!;
        }
    }

    /// <summary>
    /// A passive checkpoint (copies committed WAL pages into the database and fsyncs, without blocking the writer), at
    /// most once a second.
    /// </summary>
    public void MaybeCheckpoint()
    {
        var now = time.GetTimestamp();
        if (time.GetElapsedTime(Interlocked.Read(ref _lastCheckpoint), now) < CheckpointEvery)
        {
            return;
        }

        Interlocked.Exchange(ref _lastCheckpoint, now);
        lock (_lock)
        {
            using var command = Connection().CreateCommand();
            command.CommandText = "PRAGMA wal_checkpoint(PASSIVE)";
            command.ExecuteNonQuery();
        }
    }

    /// <summary>Runs <paramref name="replace"/> (the file set aside and a new one opened) with no read open; the next read opens the new file.</summary>
    public void WhileClosed(Action replace)
    {
        ArgumentNullException.ThrowIfNull(replace);
        lock (_lock)
        {
            Close();
            replace();
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_lock)
        {
            Close();
        }
    }

    private void Close()
    {
        _connection?.Dispose();
        _connection = null;
    }

    private SqliteConnection Connection()
    {
        if (_connection is null)
        {
            _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWrite, Pooling = false }.ToString());
            _connection.Open();
        }

        return _connection;
    }
}
