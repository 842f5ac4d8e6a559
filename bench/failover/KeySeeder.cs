using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Npgsql;
using NpgsqlTypes;

namespace GatoLink.Bench.Failover;

/// <summary>
/// Writes many API keys straight into a migrated database's <c>api_keys</c> with one binary COPY, as the product stores
/// them: the SHA-256 of the secret's UTF-8 bytes, the first 10 characters as the display prefix, role and status as
/// their stored text, the other columns at the schema's defaults. Secret i is <see cref="SecretOf"/>(i): the bench can
/// use any key later without keeping a million secrets. Even keys carry an rpm limit (their admission asks the key's
/// grain), odd keys none (no grain).
/// </summary>
public sealed class KeySeeder
{
    private readonly string _tag = Convert.ToHexString(RandomNumberGenerator.GetBytes(4)).ToLowerInvariant();

    /// <summary>The rpm of a limited key: far above what the bench sends, so nothing is refused.</summary>
    public const int Rpm = 1_000_000;

    /// <summary>The secret of key <paramref name="index"/>: "gl-", this run's tag, the index; 43 characters like a real secret.</summary>
    public string SecretOf(int index) => string.Create(CultureInfo.InvariantCulture, $"gl-{_tag}{index:D32}");

    /// <summary>Whether key <paramref name="index"/> has an rpm limit.</summary>
    public static bool IsLimited(int index) => index % 2 == 0;

    /// <summary>Copies keys 0 … count-1 of <paramref name="tenantId"/> into the database, then ANALYZEs the table.</summary>
    public async Task SeedAsync(string connectionString, Guid tenantId, int count, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        var createdAt = DateTimeOffset.UtcNow;
        await using (var writer = await connection.BeginBinaryImportAsync(
            "COPY api_keys (id, tenant_id, name, prefix, secret_hash, role, status, rpm, created_at) FROM STDIN (FORMAT BINARY)", ct))
        {
            var utf8 = new byte[64];
            for (var i = 0; i < count; i++)
            {
                var secret = SecretOf(i);
                var written = Encoding.UTF8.GetBytes(secret, utf8);
                var hash = SHA256.HashData(utf8.AsSpan(0, written));
                await writer.StartRowAsync(ct);
                await writer.WriteAsync(Guid.NewGuid(), NpgsqlDbType.Uuid, ct);
                await writer.WriteAsync(tenantId, NpgsqlDbType.Uuid, ct);
                await writer.WriteAsync(string.Create(CultureInfo.InvariantCulture, $"seeded-{i}"), NpgsqlDbType.Text, ct);
                await writer.WriteAsync(secret[..10], NpgsqlDbType.Text, ct);
                await writer.WriteAsync(hash, NpgsqlDbType.Bytea, ct);
                await writer.WriteAsync("user", NpgsqlDbType.Text, ct);
                await writer.WriteAsync("active", NpgsqlDbType.Text, ct);
                if (IsLimited(i))
                {
                    await writer.WriteAsync(Rpm, NpgsqlDbType.Integer, ct);
                }
                else
                {
                    await writer.WriteNullAsync(ct);
                }

                await writer.WriteAsync(createdAt, NpgsqlDbType.TimestampTz, ct);
            }

            await writer.CompleteAsync(ct);
        }

        await using var analyze = new NpgsqlCommand("ANALYZE api_keys", connection);
        await analyze.ExecuteNonQueryAsync(ct);
    }

    /// <summary>
    /// Rows of <c>api_keys</c> read so far, by sequential scans and through indexes (pg_stat_user_tables; PostgreSQL
    /// publishes a backend's counts within a second or so of its transaction).
    /// </summary>
    public static async Task<long> RowsReadAsync(string connectionString, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(
            "SELECT coalesce(seq_tup_read, 0) + coalesce(idx_tup_fetch, 0) FROM pg_stat_user_tables WHERE relname = 'api_keys'", connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
    }
}
