using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using GatoLink.Bench.Failover;
using GatoLink.Grains.Abstractions.Keys;
using GatoLink.Grains.Abstractions.Plans;
using GatoLink.Grains.Abstractions.Tenants;
using GatoLink.Grains.Invoices;
using GatoLink.Grains.Nodes;
using GatoLink.Silo.Ledger;
using GatoLink.Silo.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans;
using GatoLink.PerSilo.Placement;
using GatoLink.PerSilo.Nodes;
using GatoLink.PerSilo.Models;

namespace GatoLink.Bench.Ledger;

/// <summary>
/// (3) Invoice finalization over a large month: one tenant (on the seeded <c>pro</c> plan) with <c>rows</c> ledger rows
/// in November 2026, then the silo's own <see cref="InvoiceBook"/> on PostgreSQL: the draft as of 1 December (what
/// <c>GET /admin/tenants/{id}/invoices/{number}</c> computes) and <see cref="InvoiceBook.FinalizeDueAsync"/> as the
/// reminder runs it after the grace period (read the ledger's usage, compute, store the invoice, its billed usage and
/// the <c>invoice.finalized</c> event). Each round deletes the finalized invoice and finalizes it again.
/// </summary>
internal static class InvoiceFinalization
{
    private static readonly DateTimeOffset MonthStart = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

    public static async Task RunAsync(string admin, int rows, int rounds)
    {
        await using var storage = new PostgresStorageProvider(await BenchDatabase.CreateAsync(admin, "invoice"));
        await storage.MigrateAsync(CancellationToken.None);
        var ledger = new PostgresLedgerStore(storage.DataSource);
        await ledger.PrepareAsync(MonthStart, CancellationToken.None);
        await ledger.PrepareAsync(MonthStart.AddDays(29), CancellationToken.None);
        var shape = new EventShape(tenants: 1, keysPerTenant: 20, models: ["demo-8b", "llama-70b", "qwen-32b", "mistral-7b"]);
        var tenant = new TenantRecord(shape.Tenant(0), "bench-invoice", Limits.None, false, MonthStart, Billing: new TenantBilling("pro", BillingMode.Postpaid, null, null));
        await storage.Tenants.CreateAsync(tenant, CancellationToken.None);

        var clock = Stopwatch.StartNew();
        await LedgerCopy.CopyAsync(storage.DataSource, shape, rows, MonthStart, TimeSpan.FromDays(30));
        var copied = clock.Elapsed;
        var rollupRows = await LedgerCopy.RollUpAsync(storage.DataSource);
        Console.WriteLine(FormattableString.Invariant($"invoice data: {rows:N0} ledger rows of one tenant in 2026-11 COPY'd in {copied.TotalSeconds:F1} s; {rollupRows:N0} daily rollup rows"));

        var draftBook = Book(storage, new FixedClock(MonthStart.AddDays(30).AddHours(12)));
        var month = BillingMonth.Of(MonthStart);
        var drafts = new List<double>();
        for (var i = 0; i <= rounds; i++)
        {
            var t = Stopwatch.StartNew();
            var draft = await draftBook.GetAsync(tenant, month, CancellationToken.None);
            drafts.Add(t.Elapsed.TotalMilliseconds);
            if (draft is null || draft.Lines.Count == 0)
            {
                throw new InvalidOperationException("The draft has no lines: the bench's ledger rows were not read.");
            }
        }

        var book = Book(storage, new FixedClock(MonthStart.AddDays(33)));
        var finals = new List<double>();
        long usage = 0;
        for (var i = 0; i < rounds; i++)
        {
            var t = Stopwatch.StartNew();
            var written = await book.FinalizeDueAsync(CancellationToken.None);
            finals.Add(t.Elapsed.TotalMilliseconds);
            var invoice = await storage.Invoices.GetAsync(tenant.Id, month.ToString(), CancellationToken.None);
            if (written != 1 || invoice is null)
            {
                throw new InvalidOperationException($"Round {i} finalized {written} invoices.");
            }

            usage = invoice.UsageMicros;
            await using var delete = storage.DataSource.CreateCommand("DELETE FROM invoice_usage; DELETE FROM invoices");
            await delete.ExecuteNonQueryAsync();
        }

        await using var sum = storage.DataSource.CreateCommand("SELECT SUM(cost_micros) FROM usage_events");
        var ledgerMicros = Convert.ToInt64(await sum.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
        Console.WriteLine(FormattableString.Invariant(
            $"invoice draft (1 Dec): first {drafts[0]:F1} ms, then p50 {Percentiles.Of(drafts.Skip(1).ToList(), 50):F1} ms, max {drafts.Skip(1).Max():F1} ms ({rounds} runs)"));
        Console.WriteLine(FormattableString.Invariant(
            $"invoice finalization (FinalizeDueAsync, 3 Dec): first {finals[0]:F1} ms, p50 {Percentiles.Of(finals, 50):F1} ms, max {finals.Max():F1} ms ({rounds} runs); usage_usd {usage} µUSD = ledger {ledgerMicros} µUSD: {usage == ledgerMicros}"));
    }

    private static InvoiceBook Book(PostgresStorageProvider storage, TimeProvider time)
    {
        // Unit prices shown on lines come from the silo's in-memory model directory (no database): empty here, so lines
        // carry no unit price, which changes no read or write the finalization makes.
        var models = new ModelDirectory(new NodeDirectory(time, new NodeHealthOptions()), new DefaultPlacementStrategyFactory(), new ModelQueues(NoGrains.Create(), NullLogger<ModelQueues>.Instance));
        return new InvoiceBook(storage.Invoices, storage.Outbox, storage.Plans, storage.Tenants, models, new InvoiceOptions(), new InvoiceClock(time), NullLogger<InvoiceBook>.Instance);
    }

    private sealed class FixedClock(DateTimeOffset at) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => at;
    }

    /// <summary>A grain factory for the model directory's queues, which finalization never reaches.</summary>
    public class NoGrains : DispatchProxy
    {
        public static IGrainFactory Create() => Create<IGrainFactory, NoGrains>();

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) =>
            throw new InvalidOperationException($"Invoice finalization called {targetMethod?.Name} on the grain factory.");
    }
}
