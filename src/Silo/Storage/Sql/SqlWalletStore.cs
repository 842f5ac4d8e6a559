using System.Data.Common;
using System.Globalization;
using GatoLink.Grains.Abstractions.Wallets;

namespace GatoLink.Silo.Storage.Sql;

/// <summary>Wallet transactions over either database: one per tenant and idempotency key, by the table's unique key.</summary>
internal sealed class SqlWalletStore(SqlExecutor sql) : IWalletStore
{
    private const string Columns = "id, tenant_id, amount_micros, reason, idempotency_key, actor, created_at";

    public async Task<(WalletTransaction Stored, bool Inserted)> AddAsync(WalletTransaction transaction, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        // ON CONFLICT DO NOTHING is the same text on both databases: a replay inserts nothing, then reads the first one.
        var inserted = await sql.ExecuteAsync(
            $"""
            INSERT INTO wallet_transactions ({Columns}) VALUES (@id, @tenant, @amount, @reason, @key, @actor, @at)
            ON CONFLICT (tenant_id, idempotency_key) DO NOTHING
            """,
            c =>
            {
                SqlDialect.Add(c, "id", sql.Dialect.GuidValue(transaction.Id));
                SqlDialect.Add(c, "tenant", sql.Dialect.GuidValue(transaction.TenantId));
                SqlDialect.Add(c, "amount", transaction.AmountMicros);
                SqlDialect.Add(c, "reason", transaction.Reason);
                SqlDialect.Add(c, "key", transaction.IdempotencyKey);
                SqlDialect.Add(c, "actor", transaction.Actor);
                SqlDialect.Add(c, "at", sql.Dialect.TimeValue(transaction.CreatedAt));
            },
            "wallet transaction",
            ct) > 0;
        if (inserted)
        {
            return (transaction, true);
        }

        var stored = await sql.QuerySingleOrDefaultAsync(
            $"SELECT {Columns} FROM wallet_transactions WHERE tenant_id = @tenant AND idempotency_key = @key",
            c =>
            {
                SqlDialect.Add(c, "tenant", sql.Dialect.GuidValue(transaction.TenantId));
                SqlDialect.Add(c, "key", transaction.IdempotencyKey);
            },
            Read,
            ct);
        return (stored ?? throw new InvalidOperationException("A wallet transaction conflicted on its idempotency key and then was not found."), false);
    }

    public async Task<long> CreditedAsync(Guid tenantId, CancellationToken ct)
    {
        var rows = await sql.QueryAsync(
            "SELECT CAST(COALESCE(SUM(amount_micros), 0) AS BIGINT) FROM wallet_transactions WHERE tenant_id = @tenant",
            c => SqlDialect.Add(c, "tenant", sql.Dialect.GuidValue(tenantId)),
            r => Convert.ToInt64(r.GetValue(0), CultureInfo.InvariantCulture),
            ct);
        return rows[0];
    }

    public Task<IReadOnlyList<WalletTransaction>> ListAsync(Guid tenantId, int limit, CancellationToken ct) =>
        sql.QueryAsync(
            $"SELECT {Columns} FROM wallet_transactions WHERE tenant_id = @tenant ORDER BY created_at DESC, id DESC LIMIT @limit",
            c =>
            {
                SqlDialect.Add(c, "tenant", sql.Dialect.GuidValue(tenantId));
                SqlDialect.Add(c, "limit", limit);
            },
            Read,
            ct);

    private WalletTransaction Read(DbDataReader reader) => new(
        sql.Dialect.ReadGuid(reader, 0),
        sql.Dialect.ReadGuid(reader, 1),
        reader.GetInt64(2),
        reader.GetString(3),
        reader.GetString(4),
        reader.GetString(5),
        sql.Dialect.ReadTime(reader, 6));
}
