using System.Globalization;
using System.Text.Json;
using System.Threading.Channels;
using GatoLink.Grains.Abstractions.Usage;
using Microsoft.Data.Sqlite;

namespace GatoLink.Silo.Ledger;

/// <summary>
/// The silo's write-ahead log of usage: a SQLite file of its own (WAL journal, <c>synchronous=NORMAL</c>), never the
/// main database, which may be the thing that is down. Every event is appended here before its response's last bytes
/// are sent, and stays until the ledger has acknowledged it.
/// <para>
/// One writer loop owns every write: appends (callers queue their event and await it), deletions of acknowledged runs
/// and quarantines are group-committed, so concurrent requests share one transaction. A commit in WAL mode with
/// <c>synchronous=NORMAL</c> is a write to the WAL file without fsync: it survives the process being killed (the OS
/// holds the pages), not a power cut. Reads and WAL checkpoints (the only fsyncs) use a second connection, off the
/// commit path: in WAL mode neither blocks the writer.
/// </para>
/// <para>
/// Damage is quarantined, never silently dropped: a row that no longer decodes moves to the <c>quarantine</c> table of
/// the same file; a file SQLite calls corrupt is renamed aside (<c>usage-spool.db.corrupt-…</c>) and a fresh one opened.
/// </para>
/// </summary>
public sealed class UsageSpool : IAsyncDisposable
{
    private const int MaxGroup = 4096;
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS spool (seq INTEGER PRIMARY KEY AUTOINCREMENT, payload TEXT NOT NULL, ts INTEGER);
        CREATE TABLE IF NOT EXISTS quarantine (seq INTEGER NOT NULL, payload BLOB, reason TEXT NOT NULL, quarantined_at TEXT NOT NULL);
        """;

    private static readonly TimeSpan CheckpointEvery = TimeSpan.FromSeconds(1);

    private readonly Lock _readLock = new();
    private readonly Channel<SpoolWrite> _writes = Channel.CreateUnbounded<SpoolWrite>(new UnboundedChannelOptions { SingleReader = true });
    private readonly TimeProvider _time;
    private readonly long? _maxBytes;
    private readonly Task _writer;
    private SqliteConnection _connection;
    private SqliteConnection? _reader;
    private int _generation;
    private int _readerGeneration;
    private long _lastCheckpoint;
    private long _count;
    private long _lastSequence;

    /// <summary>Opens (creating when missing) the spool file; a file SQLite cannot read is quarantined and replaced.</summary>
    /// <param name="path">The spool file.</param>
    /// <param name="time">Clock for quarantine records.</param>
    /// <param name="maxBytes">Largest size of the file (SQLite's <c>max_page_count</c>); null: unbounded. Past it appends fail as a full disk does.</param>
    public UsageSpool(string path, TimeProvider? time = null, long? maxBytes = null)
    {
        var full = System.IO.Path.GetFullPath(path);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        Path = full;
        _time = time ?? TimeProvider.System;
        _maxBytes = maxBytes;
        try
        {
            _connection = OpenWriter(full);
        }
        catch (SqliteException ex) when (IsCorrupt(ex))
        {
            QuarantinedFile = MoveAside(full);
            OpenFailure = ex;
            _connection = OpenWriter(full);
        }

        _writer = Task.Run(WriteLoopAsync);
    }

    /// <summary>The spool file.</summary>
    public string Path { get; }

    /// <summary>Events waiting in the spool.</summary>
    public long Count => Interlocked.Read(ref _count);

    /// <summary>When the file was damaged (at open or later): where it was moved (it still holds whatever SQLite can recover).</summary>
    public string? QuarantinedFile { get; private set; }

    /// <summary>When the file was damaged: SQLite's error.</summary>
    public SqliteException? OpenFailure { get; private set; }

    /// <summary>
    /// Appends one event; completes with its sequence number once the transaction that holds it committed. Throws
    /// <see cref="SpoolUnavailableException"/> when it cannot be made durable (full disk, damaged file).
    /// </summary>
    public ValueTask<long> AppendAsync(UsageEvent usage, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(usage);
        // Serialised on the caller's thread: the writer loop only writes.
        var append = new SpoolWrite.Append(JsonSerializer.Serialize(usage, LedgerJsonContext.Default.UsageEvent), usage.Timestamp.UtcTicks);
        return new ValueTask<long>(Enqueue(append).WaitAsync(ct));
    }

    /// <summary>Removes the events from <paramref name="first"/> through <paramref name="last"/> (the ledger holds them); completes with how many went.</summary>
    public Task<long> DeleteAsync(long first, long last) => Enqueue(new SpoolWrite.Delete(first, last));

    /// <summary>
    /// Up to <paramref name="max"/> events with a sequence number above <paramref name="after"/>, in order. A row that
    /// no longer decodes is moved to the quarantine table (reported in the result) and skipped.
    /// </summary>
    public async Task<SpoolRead> ReadAfterAsync(long after, int max)
    {
        var rows = ReadRaw(after, max);
        var events = new List<SpooledEvent>(rows.Count);
        List<(long Seq, string? Payload, string Reason)>? damaged = null;
        foreach (var (seq, payload) in rows)
        {
            if (TryDecode(payload, out var usage, out var reason))
            {
                events.Add(new SpooledEvent(seq, usage));
            }
            else
            {
                (damaged ??= []).Add((seq, payload, reason));
            }
        }

        if (damaged is not null)
        {
            await Enqueue(new SpoolWrite.Quarantine(damaged));
        }

        MaybeCheckpoint();
        return new SpoolRead(events, damaged?.Count ?? 0);
    }

    /// <summary>Up to <paramref name="max"/> events with sequence numbers from <paramref name="first"/> through <paramref name="last"/> (a resend).</summary>
    public async Task<IReadOnlyList<SpooledEvent>> ReadRangeAsync(long first, long last, int max)
    {
        var read = await ReadAfterAsync(first - 1, max);
        return read.Events.Where(e => e.Sequence <= last).ToList();
    }

    /// <summary>
    /// The earliest timestamp of the events waiting here (null when none; <see cref="DateTimeOffset.MinValue"/> while a
    /// row from before the spool kept timestamps waits): everything this silo recorded earlier is in the ledger.
    /// </summary>
    public DateTimeOffset? OldestTimestamp()
    {
        lock (_readLock)
        {
            using var command = Reader().CreateCommand();
            // Both seek the ts index (NULLs sort first in it): no scan, however deep the spool.
            command.CommandText = "SELECT EXISTS (SELECT 1 FROM spool WHERE ts IS NULL), (SELECT MIN(ts) FROM spool)";
            using var reader = command.ExecuteReader();
            reader.Read();
            return reader.GetInt64(0) == 1 ? DateTimeOffset.MinValue
                : reader.IsDBNull(1) ? null
                : new DateTimeOffset(reader.GetInt64(1), TimeSpan.Zero);
        }
    }

    /// <summary>Rows in the quarantine table (tests and operators).</summary>
    public long CountQuarantined()
    {
        lock (_readLock)
        {
            using var command = Reader().CreateCommand();
            command.CommandText = "SELECT COUNT(*) FROM quarantine";
            return (long)command.ExecuteScalar()!;
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _writes.Writer.TryComplete();
        // The loop ends once the queue is empty; writes still queued are committed first.
        await _writer.ConfigureAwait(false);
        lock (_readLock)
        {
            _reader?.Dispose();
            _reader = null;
        }

        _connection.Dispose();
    }

    private Task<long> Enqueue(SpoolWrite write)
    {
        if (!_writes.Writer.TryWrite(write))
        {
            throw new ObjectDisposedException(nameof(UsageSpool));
        }

        return write.Done.Task;
    }

    private async Task WriteLoopAsync()
    {
        var group = new List<SpoolWrite>(MaxGroup);
        while (await _writes.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (group.Count < MaxGroup && _writes.Reader.TryRead(out var write))
            {
                group.Add(write);
            }

            Commit(group);
            group.Clear();
        }
    }

    private void Commit(List<SpoolWrite> group)
    {
        try
        {
            CommitGroup(group);
        }
        catch (SqliteException ex) when (IsCorrupt(ex))
        {
            // The file went bad under us: set it aside with what it holds, start a fresh one, and retry once there.
            try
            {
                ReplaceCorruptFile(ex);
                CommitGroup(group);
            }
            catch (SqliteException again)
            {
                Fail(group, again);
            }
            catch (Exception io) when (io is IOException or UnauthorizedAccessException)
            {
                Fail(group, new SqliteException($"The damaged spool could not be set aside: {io.Message}", SqliteCorrupt));
            }
        }
        catch (SqliteException ex)
        {
            Fail(group, ex);
        }
    }

    private void CommitGroup(List<SpoolWrite> group)
    {
        var results = new long[group.Count];
        long added = 0, removed = 0;
        using (var transaction = _connection.BeginTransaction())
        {
            using var append = _connection.CreateCommand();
            append.Transaction = transaction;
            append.CommandText = "INSERT INTO spool (payload, ts) VALUES (@payload, @ts) RETURNING seq";
            var payload = append.Parameters.Add("@payload", SqliteType.Text);
            var ts = append.Parameters.Add("@ts", SqliteType.Integer);
            for (var i = 0; i < group.Count; i++)
            {
                switch (group[i])
                {
                    case SpoolWrite.Append a:
                        payload.Value = a.Payload;
                        ts.Value = a.Ticks;
                        results[i] = (long)append.ExecuteScalar()!;
                        added++;
                        break;
                    case SpoolWrite.Delete d:
                        results[i] = DeleteRange(transaction, d.First, d.Last);
                        removed += results[i];
                        break;
                    case SpoolWrite.Quarantine q:
                        results[i] = MoveToQuarantine(transaction, q.Rows);
                        removed += results[i];
                        break;
                }
            }

            transaction.Commit();
        }

        Interlocked.Add(ref _count, added - removed);
        for (var i = 0; i < group.Count; i++)
        {
            if (group[i] is SpoolWrite.Append)
            {
                _lastSequence = Math.Max(_lastSequence, results[i]);
            }

            group[i].Done.TrySetResult(results[i]);
        }
    }

    private long DeleteRange(SqliteTransaction transaction, long first, long last)
    {
        using var command = _connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "DELETE FROM spool WHERE seq BETWEEN @first AND @last";
        command.Parameters.AddWithValue("@first", first);
        command.Parameters.AddWithValue("@last", last);
        return command.ExecuteNonQuery();
    }

    private long MoveToQuarantine(SqliteTransaction transaction, IReadOnlyList<(long Seq, string? Payload, string Reason)> rows)
    {
        var at = _time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture);
        long moved = 0;
        foreach (var (seq, payload, reason) in rows)
        {
            using (var insert = _connection.CreateCommand())
            {
                insert.Transaction = transaction;
                insert.CommandText = "INSERT INTO quarantine (seq, payload, reason, quarantined_at) VALUES (@seq, @payload, @reason, @at)";
                insert.Parameters.AddWithValue("@seq", seq);
                insert.Parameters.AddWithValue("@payload", (object?)payload ?? DBNull.Value);
                insert.Parameters.AddWithValue("@reason", reason);
                insert.Parameters.AddWithValue("@at", at);
                insert.ExecuteNonQuery();
            }

            using var delete = _connection.CreateCommand();
            delete.Transaction = transaction;
            delete.CommandText = "DELETE FROM spool WHERE seq = @seq";
            delete.Parameters.AddWithValue("@seq", seq);
            moved += delete.ExecuteNonQuery();
        }

        return moved;
    }

    private static void Fail(List<SpoolWrite> group, SqliteException ex)
    {
        var reason = ex.SqliteErrorCode == SqliteFull ? "full" : IsCorrupt(ex) ? "corrupt" : "io";
        var failure = new SpoolUnavailableException($"The usage spool cannot take events ({reason}): {ex.Message}", ex) { Reason = reason };
        foreach (var write in group)
        {
            write.Done.TrySetException(failure);
        }
    }

    private void ReplaceCorruptFile(SqliteException ex)
    {
        _connection.Dispose();
        lock (_readLock)
        {
            _reader?.Dispose();
            _reader = null;
            QuarantinedFile = MoveAside(Path);
            OpenFailure = ex;
            _connection = OpenWriter(Path);
            Interlocked.Increment(ref _generation);
        }

        // Sequence numbers continue above the old file's, so an acknowledgement meant for it never matches a new row.
        using var seed = _connection.CreateCommand();
        seed.CommandText = "INSERT INTO sqlite_sequence (name, seq) SELECT 'spool', @seq WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'spool')";
        seed.Parameters.AddWithValue("@seq", _lastSequence + 1_000_000);
        seed.ExecuteNonQuery();
    }

    private List<(long Seq, string? Payload)> ReadRaw(long after, int max)
    {
        lock (_readLock)
        {
            var rows = new List<(long, string?)>(Math.Min(max, 1024));
            using var command = Reader().CreateCommand();
            command.CommandText = "SELECT seq, payload FROM spool WHERE seq > @after ORDER BY seq LIMIT @max";
            command.Parameters.AddWithValue("@after", after);
            command.Parameters.AddWithValue("@max", max);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                // Not text (a blob where JSON should be) or NULL: kept as null, quarantined below.
                rows.Add((reader.GetInt64(0), reader.GetValue(1) as string));
            }

            return rows;
        }
    }

    // A passive checkpoint copies committed WAL pages into the database (and fsyncs) without blocking the writer;
    // done here, on the reading side, so that no append ever waits for it.
    private void MaybeCheckpoint()
    {
        var now = _time.GetTimestamp();
        if (_time.GetElapsedTime(Interlocked.Read(ref _lastCheckpoint), now) < CheckpointEvery)
        {
            return;
        }

        Interlocked.Exchange(ref _lastCheckpoint, now);
        lock (_readLock)
        {
            using var command = Reader().CreateCommand();
            command.CommandText = "PRAGMA wal_checkpoint(PASSIVE)";
            command.ExecuteNonQuery();
        }
    }

    private SqliteConnection Reader()
    {
        if (_reader is null || _readerGeneration != Volatile.Read(ref _generation))
        {
            _reader?.Dispose();
            _reader = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path, Mode = SqliteOpenMode.ReadWrite, Pooling = false }.ToString());
            _reader.Open();
            _readerGeneration = Volatile.Read(ref _generation);
        }

        return _reader;
    }

    private SqliteConnection OpenWriter(string path)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false }.ToString());
        try
        {
            connection.Open();
            // Checkpoints are the reader's (MaybeCheckpoint); the writer never pays for one.
            Execute(connection, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA wal_autocheckpoint = 0;");
            using (var check = connection.CreateCommand())
            {
                // A damaged header or page list shows here rather than on the first append of a request.
                check.CommandText = "PRAGMA quick_check(1)";
                if (check.ExecuteScalar() is not string ok || !string.Equals(ok, "ok", StringComparison.OrdinalIgnoreCase))
                {
                    throw new SqliteException("The spool file fails its integrity check.", SqliteCorrupt);
                }
            }

            Execute(connection, Schema);
            if (Convert.ToInt64(Scalar(connection, "SELECT COUNT(*) FROM pragma_table_info('spool') WHERE name = 'ts'"), CultureInfo.InvariantCulture) == 0)
            {
                // A spool file from before events carried their timestamp here: its rows read as "oldest unknown".
                Execute(connection, "ALTER TABLE spool ADD COLUMN ts INTEGER");
            }

            // OldestTimestamp runs every 200 ms under load: an index seek, never a scan of the payloads.
            Execute(connection, "CREATE INDEX IF NOT EXISTS spool_ts ON spool (ts)");

            if (_maxBytes is { } max)
            {
                var pageSize = Convert.ToInt64(Scalar(connection, "PRAGMA page_size"), CultureInfo.InvariantCulture);
                Execute(connection, $"PRAGMA max_page_count = {Math.Max(16, max / pageSize)}");
            }

            _count = Convert.ToInt64(Scalar(connection, "SELECT COUNT(*) FROM spool"), CultureInfo.InvariantCulture);
            _lastSequence = Math.Max(_lastSequence, Convert.ToInt64(Scalar(connection, "SELECT COALESCE(MAX(seq), 0) FROM spool"), CultureInfo.InvariantCulture));
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private string MoveAside(string path)
    {
        var stamp = _time.GetUtcNow().ToString("yyyyMMddTHHmmssfffZ", CultureInfo.InvariantCulture);
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

    private static bool TryDecode(string? payload, out UsageEvent usage, out string reason)
    {
        usage = null!;
        if (payload is null)
        {
            reason = "not text";
            return false;
        }

        try
        {
            if (JsonSerializer.Deserialize(payload, LedgerJsonContext.Default.UsageEvent) is { } decoded
                && decoded.EventId != Guid.Empty && decoded.RequestId is not null && decoded.Model is not null && decoded.NodeId is not null && decoded.SiloId is not null)
            {
                usage = decoded;
                reason = "";
                return true;
            }

            reason = "incomplete event";
            return false;
        }
        catch (JsonException ex)
        {
            reason = $"undecodable: {ex.Message}";
            return false;
        }
    }

    private static bool IsCorrupt(SqliteException ex) => ex.SqliteErrorCode is SqliteCorrupt or SqliteNotADb;

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

    // SQLite's primary result codes.
    private const int SqliteCorrupt = 11;
    private const int SqliteFull = 13;
    private const int SqliteNotADb = 26;

    /// <summary>A write the writer loop commits in a group: its result is a sequence number or a row count.</summary>
    private abstract class SpoolWrite
    {
        public TaskCompletionSource<long> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public sealed class Append(string payload, long ticks) : SpoolWrite
        {
            public string Payload { get; } = payload;

            /// <summary>The event's timestamp (UTC ticks), for <see cref="OldestTimestamp"/>.</summary>
            public long Ticks { get; } = ticks;
        }

        public sealed class Delete(long first, long last) : SpoolWrite
        {
            public long First { get; } = first;

            public long Last { get; } = last;
        }

        public sealed class Quarantine(IReadOnlyList<(long Seq, string? Payload, string Reason)> rows) : SpoolWrite
        {
            public IReadOnlyList<(long Seq, string? Payload, string Reason)> Rows { get; } = rows;
        }
    }
}
