using System.Data.Common;
using GatoLink.Grains.Abstractions.Invoices;
using GatoLink.Grains.Abstractions.Storage;

namespace GatoLink.Silo.Storage.Sql;

/// <summary>
/// Credit notes over either database. Issuing is one statement that numbers the note (the invoice's count of notes + 1)
/// and checks that the invoice's notes stay within its total: two notes issued at once for one invoice get the same
/// number, so one of them fails on the primary key and is issued again, seeing the other's amount.
/// </summary>
internal sealed class SqlCreditNoteStore(SqlExecutor sql) : ICreditNoteStore
{
    private const int Attempts = 5;
    private const string Columns = "number, tenant_id, invoice_number, amount_micros, reason, idempotency_key, actor, created_at";

    public async Task<(CreditNoteOutcome Outcome, CreditNote? Note)> IssueAsync(CreditNote note, long invoiceTotalMicros, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(note);
        for (var attempt = 1; ; attempt++)
        {
            if (await ByKeyAsync(note.TenantId, note.IdempotencyKey, ct) is { } earlier)
            {
                return (earlier.SameRequest(note) ? CreditNoteOutcome.Replayed : CreditNoteOutcome.KeyReused, earlier);
            }

            try
            {
                var written = await sql.ExecuteAsync(
                    $"""
                    INSERT INTO credit_notes ({Columns})
                    SELECT @prefix || CAST(COUNT(*) + 1 AS TEXT), @tenant, @invoice, @amount, @reason, @key, @actor, @at
                    FROM credit_notes WHERE invoice_number = @invoice
                    HAVING COALESCE(SUM(amount_micros), 0) + @amount <= @total
                    """,
                    c =>
                    {
                        SqlDialect.Add(c, "prefix", $"CN-{note.InvoiceNumber}-");
                        SqlDialect.Add(c, "tenant", sql.Dialect.GuidValue(note.TenantId));
                        SqlDialect.Add(c, "invoice", note.InvoiceNumber);
                        SqlDialect.Add(c, "amount", note.AmountMicros);
                        SqlDialect.Add(c, "reason", note.Reason);
                        SqlDialect.Add(c, "key", note.IdempotencyKey);
                        SqlDialect.Add(c, "actor", note.Actor);
                        SqlDialect.Add(c, "at", sql.Dialect.TimeValue(note.CreatedAt));
                        SqlDialect.Add(c, "total", invoiceTotalMicros);
                    },
                    "credit note",
                    ct);
                return written == 0
                    ? (CreditNoteOutcome.ExceedsInvoice, null)
                    : (CreditNoteOutcome.Created, await ByKeyAsync(note.TenantId, note.IdempotencyKey, ct));
            }
            catch (DuplicateEntityException) when (attempt < Attempts)
            {
                // Another note took this number (or this key) meanwhile: look again.
            }
        }
    }

    public Task<IReadOnlyList<CreditNote>> ListAsync(Guid tenantId, CancellationToken ct) =>
        sql.QueryAsync(
            $"SELECT {Columns} FROM credit_notes WHERE tenant_id = @tenant ORDER BY created_at, number",
            c => SqlDialect.Add(c, "tenant", sql.Dialect.GuidValue(tenantId)),
            Read,
            ct);

    private Task<CreditNote?> ByKeyAsync(Guid tenantId, string key, CancellationToken ct) =>
        sql.QuerySingleOrDefaultAsync(
            $"SELECT {Columns} FROM credit_notes WHERE tenant_id = @tenant AND idempotency_key = @key",
            c =>
            {
                SqlDialect.Add(c, "tenant", sql.Dialect.GuidValue(tenantId));
                SqlDialect.Add(c, "key", key);
            },
            Read,
            ct);

    private CreditNote Read(DbDataReader r) => new(
        r.GetString(0), sql.Dialect.ReadGuid(r, 1), r.GetString(2), r.GetInt64(3), r.GetString(4), r.GetString(5), r.GetString(6), sql.Dialect.ReadTime(r, 7));
}
