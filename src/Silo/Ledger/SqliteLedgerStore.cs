using System.Data.Common;
using System.Globalization;
using System.Text;
using GatoLink.Grains.Abstractions.Usage;
using GatoLink.Grains.Billing;
using GatoLink.Silo.Storage;
using GatoLink.PerSilo.Billing;
using GatoLink.Silo.Storage.Sql;

namespace GatoLink.Silo.Ledger;

/// <summary>
/// The ledger in SQLite: batches written by <see cref="SqliteLedgerWriter"/> (its own connection, statements prepared
/// once), queries on the provider's pooled connections.
/// </summary>
public sealed class SqliteLedgerStore : ILedgerStore, IAsyncDisposable
{
    private readonly IStorageConnectionFactory _connections;
    private readonly SqliteLedgerWriter _writer;

    /// <summary>Creates the store over the silo's SQLite provider.</summary>
    public SqliteLedgerStore(SqliteStorageProvider storage)
    {
        _connections = storage;
        _writer = new SqliteLedgerWriter(storage);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<UsageEvent>> WriteAsync(IReadOnlyList<UsageEvent> batch, CancellationToken ct) =>
        batch.Count == 0 ? Task.FromResult<IReadOnlyList<UsageEvent>>([]) : _writer.WriteAsync(batch, ct);

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _writer.DisposeAsync();

    /// <inheritdoc />
    public Task PrepareAsync(DateTimeOffset now, CancellationToken ct) => Task.CompletedTask;

    /// <inheritdoc />
    public async Task<int> DropRawBeforeAsync(DateTimeOffset cutoff, CancellationToken ct)
    {
        var utc = cutoff.UtcDateTime;
        var monthStart = new DateTimeOffset(utc.Year, utc.Month, 1, 0, 0, 0, TimeSpan.Zero);
        await using var connection = await _connections.OpenConnectionAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM usage_events WHERE ts < @cutoff";
        Parameter(command, "cutoff").Value = monthStart.ToUnixTimeMilliseconds();
        return await command.ExecuteNonQueryAsync(ct);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<UsageRow>> QueryAsync(UsageQuery query, CancellationToken ct)
    {
        await using var connection = await _connections.OpenConnectionAsync(ct);
        await using var command = query.NeedsRawRows
            ? RawUsageQuery.Build(connection, query, LedgerSqlFlavor.Sqlite, t => t.ToUnixTimeMilliseconds(), g => Guid(g))
            : RollupQuery.Build(connection, query, d => Day(d), g => Guid(g));
        return await RollupQuery.ReadAsync(command, ct);
    }

    /// <inheritdoc />
    public async Task<CacheSavings> CacheSavingsAsync(UsageQuery query, CancellationToken ct)
    {
        await using var connection = await _connections.OpenConnectionAsync(ct);
        await using var command = CacheSavingsQuery.Build(connection, query, t => t.ToUnixTimeMilliseconds(), g => Guid(g));
        return await CacheSavingsQuery.ReadAsync(command, ct);
    }

    /// <inheritdoc />
    public async Task<long> CostSinceAsync(Guid tenantId, DateTimeOffset since, DateTimeOffset before, CancellationToken ct)
    {
        await using var connection = await _connections.OpenConnectionAsync(ct);
        await using var command = BalanceQuery.BuildCostSince(connection, tenantId, since, before, t => t.ToUnixTimeMilliseconds(), g => Guid(g));
        return await BalanceQuery.ReadCostAsync(command, ct);
    }

    /// <inheritdoc />
    public async Task<SpentTotals> SpentBeforeAsync(Guid tenantId, Guid? keyId, DateTimeOffset before, CancellationToken ct)
    {
        await using var connection = await _connections.OpenConnectionAsync(ct);
        await using var command = BalanceQuery.Build(connection, tenantId, keyId, before, t => t.ToUnixTimeMilliseconds(), d => Day(d), g => Guid(g));
        return await BalanceQuery.ReadAsync(command, ct);
    }

    internal static string Guid(Guid value) => value.ToString("D");

    internal static string Day(DateOnly value) => value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    // Named as in the SQL text, prefix included (see SqlDialect.ParameterName).
    private static DbParameter Parameter(DbCommand command, string name)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = SqlDialect.ParameterName(name);
        command.Parameters.Add(parameter);
        return parameter;
    }
}
