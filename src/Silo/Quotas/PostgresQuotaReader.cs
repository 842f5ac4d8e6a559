using GatoLink.Grains.Quotas;
using Npgsql;

namespace GatoLink.Silo.Quotas;

/// <summary>Reads a central quota row and the slices silos hold, in one statement, by the database's clock.</summary>
public sealed class PostgresQuotaReader : IQuotaReader
{
    private const string Sql =
        "SELECT r.lim, r.remaining, r.refilled_at, r.period_end, now(), " +
        "COALESCE((SELECT sum(l.held) FROM quota_leases l WHERE l.scope = r.scope AND l.owner_id = r.owner_id AND l.kind = r.kind AND l.expires_at > now()), 0)::bigint " +
        "FROM quota_rows r WHERE r.scope = @scope AND r.owner_id = @owner AND r.kind = @kind";

    private readonly NpgsqlDataSource _dataSource;
    private readonly TimeProvider _time;

    /// <summary>A reader over the silo's data source.</summary>
    public PostgresQuotaReader(NpgsqlDataSource dataSource, TimeProvider time)
    {
        _dataSource = dataSource;
        _time = time;
    }

    /// <inheritdoc />
    public async ValueTask<QuotaReading> ReadAsync(QuotaId quota, QuotaDefinition definition, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand(Sql);
        command.Parameters.Add(new NpgsqlParameter<string>("scope", PostgresQuotaLeaseStore.Text(quota.Scope)));
        command.Parameters.Add(new NpgsqlParameter<string>("owner", quota.Id));
        command.Parameters.Add(new NpgsqlParameter<string>("kind", PostgresQuotaLeaseStore.Text(quota.Kind)));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            var now = _time.GetUtcNow();
            return QuotaMath.Read(quota, definition, null, 0, now, null, 0, now);
        }

        return QuotaMath.Read(
            quota,
            definition,
            reader.GetInt64(0),
            reader.GetDecimal(1),
            reader.GetFieldValue<DateTimeOffset>(2),
            reader.IsDBNull(3) ? null : reader.GetFieldValue<DateTimeOffset>(3),
            reader.GetInt64(5),
            reader.GetFieldValue<DateTimeOffset>(4));
    }
}
