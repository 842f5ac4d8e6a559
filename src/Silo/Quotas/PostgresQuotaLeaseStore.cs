using GatoLink.Grains.Quotas;
using Npgsql;
using NpgsqlTypes;

namespace GatoLink.Silo.Quotas;

/// <summary>
/// The central quota rows in PostgreSQL: each grant and each return is one statement calling a function of
/// migration 0003 (<c>quota_acquire</c> / <c>quota_return</c>), which locks the one row, applies a changed limit,
/// refills a bucket from the database's clock or starts a budget's new window, and subtracts the fair-share grant.
/// </summary>
public sealed class PostgresQuotaLeaseStore : IQuotaLeaseStore
{
    private const string AcquireSql =
        "SELECT granted, central_remaining, period_end, lease_version FROM quota_acquire(@scope, @owner, @kind, @lim, @refill, @period_end, @wanted, @live, @silo, @held, @duration_ms)";

    private const string ReturnSql = "SELECT quota_return(@scope, @owner, @kind, @silo, @amount, @period_end)";

    private readonly NpgsqlDataSource _dataSource;
    private readonly TimeProvider _time;
    private long _statements;

    /// <summary>A store over the silo's data source.</summary>
    public PostgresQuotaLeaseStore(NpgsqlDataSource dataSource, TimeProvider time)
    {
        _dataSource = dataSource;
        _time = time;
    }

    /// <summary>Statements this store has sent (the benchmark reports them per second).</summary>
    public long Statements => Interlocked.Read(ref _statements);

    /// <inheritdoc />
    public async ValueTask<LeaseGrant> AcquireAsync(LeaseRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var definition = request.Definition
            ?? throw new ArgumentException("A PostgreSQL lease request needs the quota's definition.", nameof(request));
        var now = _time.GetUtcNow();
        await using var command = _dataSource.CreateCommand(AcquireSql);
        AddQuota(command, request.Quota);
        command.Parameters.Add(new NpgsqlParameter<long>("lim", definition.Limit));
        command.Parameters.Add(new NpgsqlParameter("refill", NpgsqlDbType.Bigint) { Value = (object?)definition.RefillPerMinute ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("period_end", NpgsqlDbType.TimestampTz) { Value = definition.IsBucket ? DBNull.Value : definition.PeriodEnd(now) });
        command.Parameters.Add(new NpgsqlParameter<long>("wanted", request.Wanted));
        command.Parameters.Add(new NpgsqlParameter<int>("live", request.LiveSilos));
        command.Parameters.Add(new NpgsqlParameter<string>("silo", request.SiloId));
        command.Parameters.Add(new NpgsqlParameter<long>("held", request.Held));
        command.Parameters.Add(new NpgsqlParameter<long>("duration_ms", (long)request.Duration.TotalMilliseconds));
        Interlocked.Increment(ref _statements);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            throw new InvalidOperationException("quota_acquire returned no row.");
        }

        var granted = reader.GetInt64(0);
        var central = reader.GetInt64(1);
        var periodEnd = reader.IsDBNull(2) ? DateTimeOffset.MaxValue : reader.GetFieldValue<DateTimeOffset>(2);

        // The lease row expires by the database's clock; the silo times its own slice by its clock, from when it asked.
        return new LeaseGrant(granted, central, periodEnd, now + request.Duration, reader.GetInt64(3));
    }

    /// <inheritdoc />
    public async ValueTask ReturnAsync(LeaseReturn lease, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        await using var command = _dataSource.CreateCommand(ReturnSql);
        AddQuota(command, lease.Quota);
        command.Parameters.Add(new NpgsqlParameter<string>("silo", lease.SiloId));
        command.Parameters.Add(new NpgsqlParameter<long>("amount", lease.Amount));
        command.Parameters.Add(new NpgsqlParameter("period_end", NpgsqlDbType.TimestampTz)
        {
            Value = lease.PeriodEnd == DateTimeOffset.MaxValue || lease.PeriodEnd == default ? DBNull.Value : lease.PeriodEnd,
        });
        Interlocked.Increment(ref _statements);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The text a scope or kind is stored as.</summary>
    public static string Text(LimitScope scope) => scope == LimitScope.Key ? "key" : "tenant";

    /// <summary>The text a kind is stored as.</summary>
    public static string Text(LimitKind kind) => kind switch
    {
        LimitKind.Requests => "requests",
        LimitKind.Tokens => "tokens",
        LimitKind.DailyCost => "daily_cost",
        LimitKind.MonthlyCost => "monthly_cost",
        LimitKind.MonthlyTokens => "monthly_tokens",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    private static void AddQuota(NpgsqlCommand command, QuotaId quota)
    {
        command.Parameters.Add(new NpgsqlParameter<string>("scope", Text(quota.Scope)));
        command.Parameters.Add(new NpgsqlParameter<string>("owner", quota.Id));
        command.Parameters.Add(new NpgsqlParameter<string>("kind", Text(quota.Kind)));
    }
}
