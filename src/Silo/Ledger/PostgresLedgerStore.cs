using System.Collections.Concurrent;
using System.Globalization;
using GatoLink.Silo.Storage;
using GatoLink.Grains.Abstractions.Usage;
using GatoLink.Grains.Billing;
using Npgsql;
using GatoLink.PerSilo.Billing;

namespace GatoLink.Silo.Ledger;

/// <summary>
/// The ledger in PostgreSQL. A batch is one statement (<see cref="PostgresLedgerBatch"/>): the events go in as arrays through <c>unnest</c>
/// (<c>INSERT … ON CONFLICT DO NOTHING RETURNING</c>), and a second data-modifying CTE adds exactly the returned
/// rows to <c>usage_daily</c>: one round trip, one transaction, a replayed event never counted twice.
/// Monthly partitions are created here, once per month per process, never per event.
/// </summary>
public sealed class PostgresLedgerStore : ILedgerStore
{
    // "gatoledg": serialises partition DDL between silos.
    private const long PartitionLockKey = 0x6761746F6C656467;

    private readonly NpgsqlDataSource _dataSource;
    private readonly ConcurrentDictionary<DateOnly, bool> _months = new();

    /// <summary>Creates the store over the silo's data source.</summary>
    public PostgresLedgerStore(NpgsqlDataSource dataSource) => _dataSource = dataSource;

    /// <inheritdoc />
    public async Task<IReadOnlyList<UsageEvent>> WriteAsync(IReadOnlyList<UsageEvent> batch, CancellationToken ct)
    {
        if (batch.Count == 0)
        {
            return [];
        }

        foreach (var e in batch)
        {
            var month = MonthOf(e.Timestamp);
            if (!_months.ContainsKey(month))
            {
                await EnsurePartitionAsync(month, ct);
            }
        }

        await using var connection = await _dataSource.OpenConnectionAsync(ct);
        await using var command = PostgresLedgerBatch.Command(batch, connection);
        var inserted = new HashSet<Guid>();
        try
        {
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                inserted.Add(reader.GetGuid(0));
            }
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.CheckViolation)
        {
            // "no partition of relation found for row": a partition this process thought it had was dropped
            // (retention on another silo). Forget what is known so the retry creates it again.
            _months.Clear();
            throw;
        }

        if (inserted.Count == batch.Count)
        {
            return batch;
        }

        return batch.Where(e => inserted.Contains(e.EventId)).ToList();
    }

    /// <inheritdoc />
    public async Task PrepareAsync(DateTimeOffset now, CancellationToken ct)
    {
        var month = MonthOf(now);
        await EnsurePartitionAsync(month, ct);
        await EnsurePartitionAsync(month.AddMonths(1), ct);
    }

    /// <inheritdoc />
    public async Task<int> DropRawBeforeAsync(DateTimeOffset cutoff, CancellationToken ct)
    {
        var limit = MonthOf(cutoff);
        var names = new List<string>();
        await using var connection = await _dataSource.OpenConnectionAsync(ct);
        await using (var list = new NpgsqlCommand(
            "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'usage_events'::regclass", connection))
        await using (var reader = await list.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                names.Add(reader.GetString(0));
            }
        }

        var dropped = 0;
        foreach (var name in names)
        {
            if (TryParsePartition(name, out var month) && month < limit)
            {
                await using var drop = new NpgsqlCommand($"DROP TABLE IF EXISTS {name}", connection);
                await drop.ExecuteNonQueryAsync(ct);
                _months.TryRemove(month, out _);
                dropped++;
            }
        }

        return dropped;
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<UsageRow>> QueryAsync(UsageQuery query, CancellationToken ct) =>
        IdempotentReads.RunAsync(token => QueryOnceAsync(query, token), ex => PostgresBrokenConnections.Forget(_dataSource, ex), ct);

    private async Task<IReadOnlyList<UsageRow>> QueryOnceAsync(UsageQuery query, CancellationToken ct)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(ct);
        await using var command = query.NeedsRawRows
            ? RawUsageQuery.Build(connection, query, LedgerSqlFlavor.Postgres, t => t.UtcDateTime, g => g)
            : RollupQuery.Build(connection, query, d => d, g => g);
        return await RollupQuery.ReadAsync(command, ct);
    }

    /// <inheritdoc />
    public Task<CacheSavings> CacheSavingsAsync(UsageQuery query, CancellationToken ct) =>
        IdempotentReads.RunAsync(
            async token =>
            {
                await using var connection = await _dataSource.OpenConnectionAsync(token);
                await using var command = CacheSavingsQuery.Build(connection, query, t => t.UtcDateTime, g => g);
                return await CacheSavingsQuery.ReadAsync(command, token);
            },
            ex => PostgresBrokenConnections.Forget(_dataSource, ex),
            ct);

    /// <inheritdoc />
    public async Task<long> CostSinceAsync(Guid tenantId, DateTimeOffset since, DateTimeOffset before, CancellationToken ct)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(ct);
        await using var command = BalanceQuery.BuildCostSince(connection, tenantId, since, before, t => t.UtcDateTime, g => g);
        return await BalanceQuery.ReadCostAsync(command, ct);
    }

    /// <inheritdoc />
    public async Task<SpentTotals> SpentBeforeAsync(Guid tenantId, Guid? keyId, DateTimeOffset before, CancellationToken ct)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(ct);
        await using var command = BalanceQuery.Build(connection, tenantId, keyId, before, t => t.UtcDateTime, d => d, g => g);
        return await BalanceQuery.ReadAsync(command, ct);
    }

    /// <summary>The partition name of a month: <c>usage_events_pYYYYMM</c>.</summary>
    public static string PartitionName(DateOnly month) => $"usage_events_p{month.Year:0000}{month.Month:00}";

    private static bool TryParsePartition(string name, out DateOnly month)
    {
        month = default;
        const string prefix = "usage_events_p";
        if (!name.StartsWith(prefix, StringComparison.Ordinal) || name.Length != prefix.Length + 6
            || !int.TryParse(name.AsSpan(prefix.Length, 4), NumberStyles.None, CultureInfo.InvariantCulture, out var year)
            || !int.TryParse(name.AsSpan(prefix.Length + 4, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var m)
            || m is < 1 or > 12)
        {
            return false;
        }

        month = new DateOnly(year, m, 1);
        return true;
    }

    private static DateOnly MonthOf(DateTimeOffset at)
    {
        var utc = at.UtcDateTime;
        return new DateOnly(utc.Year, utc.Month, 1);
    }

    private async Task EnsurePartitionAsync(DateOnly month, CancellationToken ct)
    {
        var from = month.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var to = month.AddMonths(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        await using var connection = await _dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@key)", connection, transaction))
        {
            lockCommand.Parameters.AddWithValue("key", PartitionLockKey);
            await lockCommand.ExecuteNonQueryAsync(ct);
        }

        // Names and bounds come from a DateOnly, never from input.
        await using (var create = new NpgsqlCommand(
            $"CREATE TABLE IF NOT EXISTS {PartitionName(month)} PARTITION OF usage_events FOR VALUES FROM ('{from} 00:00:00+00') TO ('{to} 00:00:00+00')",
            connection, transaction))
        {
            await create.ExecuteNonQueryAsync(ct);
        }

        await transaction.CommitAsync(ct);
        _months[month] = true;
    }
}
