using System.Runtime.CompilerServices;
using GatoLink.Grains.Quotas;
using Npgsql;
using NpgsqlTypes;

namespace GatoLink.Silo.Quotas;

/// <summary>
/// Tells PostgreSQL what this silo still holds of each slice whose size changed since the last report, in one
/// statement per tick. With it, "used = limit − central − held" in the budget API is true for the cluster within a
/// tick, and a bucket's ceiling (central + slices ≤ capacity) is computed from current slices, not last grants.
/// </summary>
public sealed class LeaseHeldReporter
{
    private const string Sql =
        "UPDATE quota_leases l SET held = v.held " +
        "FROM unnest(@scopes, @owners, @kinds, @helds, @versions) AS v(scope, owner_id, kind, held, version) " +
        "WHERE l.scope = v.scope AND l.owner_id = v.owner_id AND l.kind = v.kind AND l.silo_id = @silo AND l.version = v.version";

    private readonly NpgsqlDataSource _dataSource;
    private readonly string _siloId;
    private readonly ConditionalWeakTable<LeasedCounter, StrongBox<long>> _reported = [];

    /// <summary>A reporter for this silo.</summary>
    public LeaseHeldReporter(NpgsqlDataSource dataSource, string siloId)
    {
        _dataSource = dataSource;
        _siloId = siloId;
    }

    /// <summary>Reports the counters whose slice changed; nothing is sent when none did.</summary>
    /// <returns>Counters reported.</returns>
    public async Task<int> ReportAsync(IEnumerable<LeasedCounter> counters, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(counters);
        var scopes = new List<string>();
        var owners = new List<string>();
        var kinds = new List<string>();
        var helds = new List<long>();
        var versions = new List<long>();
        var changed = new List<(StrongBox<long> Box, long Held)>();
        foreach (var counter in counters)
        {
            // Version, slice, version again: a grant landing in between makes this reading stale, so skip it.
            var version = counter.LeaseVersion;
            var held = Math.Max(0, counter.Local);
            var box = _reported.GetValue(counter, _ => new StrongBox<long>(-1));
            if (version == 0 || version != counter.LeaseVersion || box.Value == held)
            {
                // Never granted (no lease row), a grant in flight, or unchanged.
                continue;
            }

            scopes.Add(PostgresQuotaLeaseStore.Text(counter.Quota.Scope));
            owners.Add(counter.Quota.Id);
            kinds.Add(PostgresQuotaLeaseStore.Text(counter.Quota.Kind));
            helds.Add(held);
            versions.Add(version);
            changed.Add((box, held));
        }

        if (changed.Count == 0)
        {
            return 0;
        }

        await using var command = _dataSource.CreateCommand(Sql);
        command.Parameters.Add(new NpgsqlParameter("scopes", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = scopes.ToArray() });
        command.Parameters.Add(new NpgsqlParameter("owners", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = owners.ToArray() });
        command.Parameters.Add(new NpgsqlParameter("kinds", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = kinds.ToArray() });
        command.Parameters.Add(new NpgsqlParameter("helds", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = helds.ToArray() });
        command.Parameters.Add(new NpgsqlParameter("versions", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = versions.ToArray() });
        command.Parameters.Add(new NpgsqlParameter<string>("silo", _siloId));
        await command.ExecuteNonQueryAsync(ct);
        foreach (var (box, held) in changed)
        {
            box.Value = held;
        }

        return changed.Count;
    }
}
