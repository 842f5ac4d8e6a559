using System.Globalization;
using System.Threading.Channels;
using GatoLink.Grains.Abstractions.Usage;
using Microsoft.Data.Sqlite;

namespace GatoLink.Silo.Ledger;

/// <summary>
/// The silo's write-ahead log of usage: a SQLite file of its own (WAL journal, <c>synchronous=NORMAL</c>), never the
/// main database, which may be the thing that is down. An event the ledger did not take directly (every event, on an
/// embedded silo) is appended here before its response's last bytes are sent, and stays until the ledger has
/// acknowledged it.
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

    private readonly Channel<SpoolWrite> _writes = Channel.CreateUnbounded<SpoolWrite>(new UnboundedChannelOptions { SingleReader = true });
    private readonly TimeProvider _time;
    private readonly long? _maxBytes;
    private readonly Task _writer;
    private SqliteConnection _connection;
    private readonly SpoolReader _reader;
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
        _reader = new SpoolReader(full, _time);
        try
        {
            _connection = OpenWriter(full);
        }
        catch (SqliteException ex) when (SpoolFile.IsCorrupt(ex))
        {
            QuarantinedFile = SpoolFile.MoveAside(full, _time.GetUtcNow());
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
        var append = new SpoolWrite.Append(SpoolPayload.Encode(usage), usage.Timestamp.UtcTicks);
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
        var rows = _reader.ReadAfter(after, max);
        var events = new List<SpooledEvent>(rows.Count);
        List<(long Seq, string? Payload, string Reason)>? damaged = null;
        foreach (var (seq, payload) in rows)
        {
            if (SpoolPayload.TryDecode(payload, out var usage, out var reason))
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

        _reader.MaybeCheckpoint();
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
    public DateTimeOffset? OldestTimestamp() => _reader.OldestTimestamp();

    /// <summary>Rows in the quarantine table (tests and operators).</summary>
    public long CountQuarantined() => _reader.CountQuarantined();

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _writes.Writer.TryComplete();
        // The loop ends once the queue is empty; writes still queued are committed first.
        await _writer.ConfigureAwait(false);
        _reader.Dispose();

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
        catch (SqliteException ex) when (SpoolFile.IsCorrupt(ex))
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
                Fail(group, new SqliteException($"The damaged spool could not be set aside: {io.Message}", SpoolFile.Corrupt));
            }
        }
        catch (SqliteException ex)
        {
            Fail(group, ex);
        }
    }

    private void CommitGroup(List<SpoolWrite> group)
    {
        var (results, added, removed) = SpoolTransaction.Commit(_connection, group, _time.GetUtcNow());
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

    private static void Fail(List<SpoolWrite> group, SqliteException ex)
    {
        var reason = ex.SqliteErrorCode == SpoolFile.Full ? "full" : SpoolFile.IsCorrupt(ex) ? "corrupt" : "io";
        var failure = new SpoolUnavailableException($"The usage spool cannot take events ({reason}): {ex.Message}", ex) { Reason = reason };
        foreach (var write in group)
        {
            write.Done.TrySetException(failure);
        }
    }

    private void ReplaceCorruptFile(SqliteException ex)
    {
        _connection.Dispose();
        _reader.WhileClosed(() =>
        {
            QuarantinedFile = SpoolFile.MoveAside(Path, _time.GetUtcNow());
            OpenFailure = ex;
            _connection = OpenWriter(Path);
        });

        // Sequence numbers continue above the old file's, so an acknowledgement meant for it never matches a new row.
        using var seed = _connection.CreateCommand();
        seed.CommandText = "INSERT INTO sqlite_sequence (name, seq) SELECT 'spool', @seq WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'spool')";
        seed.Parameters.AddWithValue("@seq", _lastSequence + 1_000_000);
        seed.ExecuteNonQuery();
    }

    private SqliteConnection OpenWriter(string path)
    {
        var (connection, count, maxSequence) = SpoolFile.OpenWriter(path, _maxBytes);
        _count = count;
        _lastSequence = Math.Max(_lastSequence, maxSequence);
        return connection;
    }
}
