using System.Globalization;
using Microsoft.Data.Sqlite;

namespace GatoLink.Silo.Ledger;

/// <summary>
/// One group of <see cref="SpoolWrite"/>s (appends, deletions of acknowledged runs, quarantines) committed in one
/// SQLite transaction on the writer's connection: concurrent requests share one commit.
/// </summary>
internal static class SpoolTransaction
{
    /// <summary>
    /// Commits <paramref name="group"/>; returns each write's result (sequence number or row count) in order, and the
    /// rows added and removed. Throws SQLite's exception when the transaction fails (nothing of it is kept).
    /// </summary>
    public static (long[] Results, long Added, long Removed) Commit(SqliteConnection connection, List<SpoolWrite> group, DateTimeOffset now)
    {
        var results = new long[group.Count];
        long added = 0, removed = 0;
        using var transaction = connection.BeginTransaction();
        using var append = connection.CreateCommand();
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
                    results[i] = DeleteRange(connection, transaction, d.First, d.Last);
                    removed += results[i];
                    break;
                case SpoolWrite.Quarantine q:
                    results[i] = MoveToQuarantine(connection, transaction, q.Rows, now);
                    removed += results[i];
                    break;
            }
        }

        transaction.Commit();
        return (results, added, removed);
    }

    private static long DeleteRange(SqliteConnection connection, SqliteTransaction transaction, long first, long last)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "DELETE FROM spool WHERE seq BETWEEN @first AND @last";
        command.Parameters.AddWithValue("@first", first);
        command.Parameters.AddWithValue("@last", last);
        return command.ExecuteNonQuery();
    }

    private static long MoveToQuarantine(SqliteConnection connection, SqliteTransaction transaction, IReadOnlyList<(long Seq, string? Payload, string Reason)> rows, DateTimeOffset now)
    {
        var at = now.ToString("O", CultureInfo.InvariantCulture);
        long moved = 0;
        foreach (var (seq, payload, reason) in rows)
        {
            using (var insert = connection.CreateCommand())
            {
                insert.Transaction = transaction;
                insert.CommandText = "INSERT INTO quarantine (seq, payload, reason, quarantined_at) VALUES (@seq, @payload, @reason, @at)";
                insert.Parameters.AddWithValue("@seq", seq);
                insert.Parameters.AddWithValue("@payload", (object?)payload ?? DBNull.Value);
                insert.Parameters.AddWithValue("@reason", reason);
                insert.Parameters.AddWithValue("@at", at);
                insert.ExecuteNonQuery();
            }

            using var delete = connection.CreateCommand();
            delete.Transaction = transaction;
            delete.CommandText = "DELETE FROM spool WHERE seq = @seq";
            delete.Parameters.AddWithValue("@seq", seq);
            moved += delete.ExecuteNonQuery();
        }

        return moved;
    }
}
