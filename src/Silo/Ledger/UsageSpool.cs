using System.Text.Json;
using GatoLink.Grains.Abstractions.Usage;
using Microsoft.Data.Sqlite;

namespace GatoLink.Silo.Ledger;

/// <summary>
/// The local durable overflow of the usage stream: a SQLite file of its own (never the main database, which may
/// be the thing that is down). Events are appended in order and removed only after the ledger committed them,
/// so a crash between the two replays them and the ledger's idempotency drops the repeat.
/// One connection behind a lock: appends come from request threads only when the queue is full, a slow path.
/// </summary>
public sealed class UsageSpool : IDisposable
{
    private readonly Lock _lock = new();
    private readonly SqliteConnection _connection;
    private long _count;

    /// <summary>Opens (creating when missing) the spool file.</summary>
    public UsageSpool(string path)
    {
        var full = System.IO.Path.GetFullPath(path);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        Path = full;
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = full, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false }.ToString());
        _connection.Open();
        Execute("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; " +
            "CREATE TABLE IF NOT EXISTS spool (seq INTEGER PRIMARY KEY AUTOINCREMENT, payload TEXT NOT NULL);");
        using var count = _connection.CreateCommand();
        count.CommandText = "SELECT COUNT(*) FROM spool";
        _count = (long)count.ExecuteScalar()!;
    }

    /// <summary>The spool file.</summary>
    public string Path { get; }

    /// <summary>Events waiting in the spool.</summary>
    public long Count => Interlocked.Read(ref _count);

    /// <summary>Appends events durably, in one transaction.</summary>
    public void Append(IReadOnlyList<UsageEvent> events)
    {
        if (events.Count == 0)
        {
            return;
        }

        lock (_lock)
        {
            using var transaction = _connection.BeginTransaction();
            using var command = _connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "INSERT INTO spool (payload) VALUES (@payload)";
            var payload = command.Parameters.Add("@payload", SqliteType.Text);
            foreach (var e in events)
            {
                payload.Value = JsonSerializer.Serialize(e, LedgerJsonContext.Default.UsageEvent);
                command.ExecuteNonQuery();
            }

            transaction.Commit();
            Interlocked.Add(ref _count, events.Count);
        }
    }

    /// <summary>Up to <paramref name="max"/> of the oldest events; null when the spool is empty.</summary>
    public SpooledBatch? ReadOldest(int max)
    {
        lock (_lock)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "SELECT seq, payload FROM spool ORDER BY seq LIMIT @max";
            command.Parameters.AddWithValue("@max", max);
            using var reader = command.ExecuteReader();
            var events = new List<UsageEvent>();
            long last = 0;
            while (reader.Read())
            {
                last = reader.GetInt64(0);
                events.Add(JsonSerializer.Deserialize(reader.GetString(1), LedgerJsonContext.Default.UsageEvent)
                    ?? throw new InvalidDataException($"Spool row {last} holds no event."));
            }

            return events.Count == 0 ? null : new SpooledBatch(events, last);
        }
    }

    /// <summary>Removes every event up to and including <paramref name="sequence"/> (they are in the ledger now).</summary>
    public void DeleteThrough(long sequence)
    {
        lock (_lock)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "DELETE FROM spool WHERE seq <= @seq";
            command.Parameters.AddWithValue("@seq", sequence);
            var deleted = command.ExecuteNonQuery();
            Interlocked.Add(ref _count, -deleted);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_lock)
        {
            _connection.Dispose();
        }
    }

    private void Execute(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
