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
/// Appends are group-committed: callers queue their event and await it; one loop commits everything queued in one
/// transaction, so concurrent requests share a commit. A commit in WAL mode with <c>synchronous=NORMAL</c> is a write to
/// the WAL file without fsync: it survives the process being killed (the OS holds the pages), not a power cut.
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
        CREATE TABLE IF NOT EXISTS spool (seq INTEGER PRIMARY KEY AUTOINCREMENT, payload TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS quarantine (seq INTEGER NOT NULL, payload BLOB, reason TEXT NOT NULL, quarantined_at TEXT NOT NULL);
        """;

    private readonly Lock _lock = new();
    private readonly Channel<PendingAppend> _appends = Channel.CreateUnbounded<PendingAppend>(new UnboundedChannelOptions { SingleReader = true });
    private readonly TimeProvider _time;
    private readonly long? _maxBytes;
    private readonly Task _committer;
    private SqliteConnection _connection;
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
            _connection = Open(full);
        }
        catch (SqliteException ex) when (IsCorrupt(ex))
        {
            QuarantinedFile = MoveAside(full);
            OpenFailure = ex;
            _connection = Open(full);
        }

        _committer = Task.Run(CommitLoopAsync);
    }

    /// <summary>The spool file.</summary>
    public string Path { get; }

    /// <summary>Events waiting in the spool.</summary>
    public long Count => Interlocked.Read(ref _count);

    /// <summary>When the file was damaged at open: where it was moved (it still holds whatever SQLite can recover).</summary>
    public string? QuarantinedFile { get; private set; }

    /// <summary>When the file was damaged at open: SQLite's error.</summary>
    public SqliteException? OpenFailure { get; private set; }

    /// <summary>Rows moved to the quarantine table so far by this process.</summary>
    public long QuarantinedRows { get; private set; }

    /// <summary>
    /// Appends one event; completes with its sequence number once the transaction that holds it committed. Throws
    /// <see cref="SpoolUnavailableException"/> when it cannot be made durable (full disk, damaged file).
    /// </summary>
    public ValueTask<long> AppendAsync(UsageEvent usage, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(usage);
        // Serialised on the caller's thread: the commit loop only writes.
        var pending = new PendingAppend(JsonSerializer.Serialize(usage, LedgerJsonContext.Default.UsageEvent));
        if (!_appends.Writer.TryWrite(pending))
        {
            throw new ObjectDisposedException(nameof(UsageSpool));
        }

        return new ValueTask<long>(pending.Done.Task.WaitAsync(ct));
    }

    /// <summary>
    /// Up to <paramref name="max"/> events with a sequence number above <paramref name="after"/>, in order. A row that
    /// no longer decodes is moved to the quarantine table (reported by <paramref name="quarantined"/>) and skipped.
    /// </summary>
    public IReadOnlyList<SpooledEvent> ReadAfter(long after, int max, out int quarantined)
    {
        quarantined = 0;
        lock (_lock)
        {
            var events = new List<SpooledEvent>(Math.Min(max, 1024));
            List<(long Seq, byte[]? Payload, string Reason)>? damaged = null;
            using (var command = _connection.CreateCommand())
            {
                command.CommandText = "SELECT seq, payload FROM spool WHERE seq > @after ORDER BY seq LIMIT @max";
                command.Parameters.AddWithValue("@after", after);
                command.Parameters.AddWithValue("@max", max);
                using var reader = command.ExecuteReader();
                while (reader.Read())
                {
                    var seq = reader.GetInt64(0);
                    if (TryDecode(reader, out var usage, out var raw, out var reason))
                    {
                        events.Add(new SpooledEvent(seq, usage));
                    }
                    else
                    {
                        (damaged ??= []).Add((seq, raw, reason));
                    }
                }
            }

            if (damaged is not null)
            {
                Quarantine(damaged);
                quarantined = damaged.Count;
            }

            return events;
        }
    }

    /// <summary>Up to <paramref name="max"/> events with sequence numbers from <paramref name="first"/> through <paramref name="last"/> (a resend).</summary>
    public IReadOnlyList<SpooledEvent> ReadRange(long first, long last, int max)
    {
        var events = ReadAfter(first - 1, max, out _);
        return events.Where(e => e.Sequence <= last).ToList();
    }

    /// <summary>Removes the events from <paramref name="first"/> through <paramref name="last"/> (the ledger holds them); returns how many went.</summary>
    public int Delete(long first, long last)
    {
        lock (_lock)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "DELETE FROM spool WHERE seq BETWEEN @first AND @last";
            command.Parameters.AddWithValue("@first", first);
            command.Parameters.AddWithValue("@last", last);
            var deleted = command.ExecuteNonQuery();
            Interlocked.Add(ref _count, -deleted);
            return deleted;
        }
    }

    /// <summary>Rows in the quarantine table (tests and operators).</summary>
    public long CountQuarantined()
    {
        lock (_lock)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "SELECT COUNT(*) FROM quarantine";
            return (long)command.ExecuteScalar()!;
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _appends.Writer.TryComplete();
        // The loop ends once the queue is empty; appends still queued are committed first.
        await _committer.ConfigureAwait(false);
        lock (_lock)
        {
            _connection.Dispose();
        }
    }

    private async Task CommitLoopAsync()
    {
        var group = new List<PendingAppend>(MaxGroup);
        while (await _appends.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (group.Count < MaxGroup && _appends.Reader.TryRead(out var pending))
            {
                group.Add(pending);
            }

            Commit(group);
            group.Clear();
        }
    }

    private void Commit(List<PendingAppend> group)
    {
        lock (_lock)
        {
            try
            {
                CommitLocked(group);
            }
            catch (SqliteException ex) when (IsCorrupt(ex))
            {
                // The file went bad under us: set it aside with what it holds, start a fresh one, and retry once there.
                try
                {
                    ReplaceCorruptFileLocked(ex);
                    CommitLocked(group);
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
    }

    private void CommitLocked(List<PendingAppend> group)
    {
        using var transaction = _connection.BeginTransaction();
        using var command = _connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "INSERT INTO spool (payload) VALUES (@payload) RETURNING seq";
        var payload = command.Parameters.Add("@payload", SqliteType.Text);
        var sequences = new long[group.Count];
        for (var i = 0; i < group.Count; i++)
        {
            payload.Value = group[i].Payload;
            sequences[i] = (long)command.ExecuteScalar()!;
        }

        transaction.Commit();
        Interlocked.Add(ref _count, group.Count);
        _lastSequence = Math.Max(_lastSequence, sequences[^1]);
        for (var i = 0; i < group.Count; i++)
        {
            group[i].Done.TrySetResult(sequences[i]);
        }
    }

    private static void Fail(List<PendingAppend> group, SqliteException ex)
    {
        var reason = ex.SqliteErrorCode == SqliteFull ? "full" : IsCorrupt(ex) ? "corrupt" : "io";
        var failure = new SpoolUnavailableException($"The usage spool cannot take events ({reason}): {ex.Message}", ex) { Reason = reason };
        foreach (var pending in group)
        {
            pending.Done.TrySetException(failure);
        }
    }

    private void ReplaceCorruptFileLocked(SqliteException ex)
    {
        _connection.Dispose();
        SqliteConnection.ClearAllPools();
        QuarantinedFile = MoveAside(Path);
        OpenFailure = ex;
        _connection = Open(Path);
        // Sequence numbers continue above the old file's, so an acknowledgement meant for it never matches a new row.
        using var seed = _connection.CreateCommand();
        seed.CommandText = "INSERT INTO sqlite_sequence (name, seq) SELECT 'spool', @seq WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'spool')";
        seed.Parameters.AddWithValue("@seq", _lastSequence + 1_000_000);
        seed.ExecuteNonQuery();
    }

    private SqliteConnection Open(string path)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false }.ToString());
        try
        {
            connection.Open();
            Execute(connection, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;");
            using (var check = connection.CreateCommand())
            {
                // A damaged header or page list shows here rather than on the first append of a request.
                check.CommandText = "PRAGMA quick_check(1)";
                if (check.ExecuteScalar() is not string ok || !string.Equals(ok, "ok", StringComparison.OrdinalIgnoreCase))
                {
                    throw new SqliteException($"The spool file fails its integrity check: {check.ExecuteScalar()}", SqliteCorrupt);
                }
            }

            Execute(connection, Schema);
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

    private void Quarantine(List<(long Seq, byte[]? Payload, string Reason)> damaged)
    {
        using var transaction = _connection.BeginTransaction();
        var at = _time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture);
        foreach (var (seq, payload, reason) in damaged)
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
            delete.ExecuteNonQuery();
        }

        transaction.Commit();
        Interlocked.Add(ref _count, -damaged.Count);
        QuarantinedRows += damaged.Count;
    }

    private static bool TryDecode(SqliteDataReader reader, out UsageEvent usage, out byte[]? raw, out string reason)
    {
        usage = null!;
        raw = null;
        reason = "";
        try
        {
            var text = reader.GetString(1);
            raw = System.Text.Encoding.UTF8.GetBytes(text);
            if (JsonSerializer.Deserialize(text, LedgerJsonContext.Default.UsageEvent) is { } decoded
                && decoded.EventId != Guid.Empty && decoded.RequestId is not null && decoded.Model is not null && decoded.NodeId is not null && decoded.SiloId is not null)
            {
                usage = decoded;
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
        catch (InvalidCastException ex)
        {
            // Not text at all (a blob where JSON should be).
            raw = reader.IsDBNull(1) ? null : (byte[])reader.GetValue(1);
            reason = $"not text: {ex.Message}";
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

    private sealed class PendingAppend(string payload)
    {
        public string Payload { get; } = payload;

        public TaskCompletionSource<long> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
