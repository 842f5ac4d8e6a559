using GatoLink.Grains.Abstractions.Alerts;
using GatoLink.Grains.Abstractions.Invoices;
using GatoLink.Grains.Abstractions.Plans;
using GatoLink.Grains.Abstractions.Storage;
using GatoLink.Grains.Abstractions.Tenants;
using GatoLink.Grains.Models;
using GatoLink.Grains.Wallets;
using Microsoft.Extensions.Logging;

namespace GatoLink.Grains.Invoices;

/// <summary>
/// A tenant's invoices: finalized ones as stored, drafts computed from the ledger when asked, and the finalization of
/// every month whose grace period has passed (called by <see cref="InvoiceSchedulerGrain"/>'s reminder only). Usage of a
/// finalized month that reaches the ledger later lands on the next invoice finalized after it (looked for two months back).
/// </summary>
public sealed partial class InvoiceBook
{
    private const int LateMonths = 2;

    private readonly IInvoiceStore _invoices;
    private readonly IOutbox _outbox;
    private readonly IPlanStore _plans;
    private readonly ITenantStore _tenants;
    private readonly IModelPrices _models;
    private readonly InvoiceOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<InvoiceBook> _logger;

    /// <summary>Creates the book.</summary>
    public InvoiceBook(IInvoiceStore invoices, IOutbox outbox, IPlanStore plans, ITenantStore tenants, IModelPrices models, InvoiceOptions options, InvoiceClock clock, ILogger<InvoiceBook> logger)
    {
        _invoices = invoices;
        _outbox = outbox;
        _plans = plans;
        _tenants = tenants;
        _models = models;
        _options = options;
        _time = clock.Time;
        _logger = logger;
    }

    /// <summary>The tenant's invoices, newest first: the drafts of months not yet finalized (this one, and the last within its grace), then the finalized.</summary>
    public async Task<IReadOnlyList<Invoice>> ListAsync(TenantRecord tenant, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        var finalized = await _invoices.ListAsync(tenant.Id, ct);
        var drafts = new List<Invoice>();
        var now = _time.GetUtcNow();
        foreach (var month in new[] { BillingMonth.Of(now), BillingMonth.Of(now).Plus(-1) })
        {
            if (month.End > tenant.CreatedAt && !finalized.Any(i => i.Period == month.ToString()))
            {
                drafts.Add(await ComputeAsync(tenant, month, InvoiceStatus.Draft, null, ct));
            }
        }

        return [.. drafts, .. finalized];
    }

    /// <summary>The invoice of <paramref name="month"/>: finalized if it is, else a draft as of now; null for a month the tenant did not exist in or that has not begun.</summary>
    public async Task<Invoice?> GetAsync(TenantRecord tenant, BillingMonth month, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        if (await _invoices.GetAsync(tenant.Id, month.ToString(), ct) is { } stored)
        {
            return stored;
        }

        return month.End <= tenant.CreatedAt || month.Start > _time.GetUtcNow() ? null : await ComputeAsync(tenant, month, InvoiceStatus.Draft, null, ct);
    }

    /// <summary>
    /// Finalizes the invoice of every tenant and closed month (this month's last two) whose grace period has passed and
    /// that is not finalized yet, oldest first; a month without fee or usage gets none. Returns how many were written.
    /// </summary>
    public async Task<int> FinalizeDueAsync(CancellationToken ct)
    {
        var now = _time.GetUtcNow();
        var written = 0;
        foreach (var tenant in await _tenants.ListAsync(ct))
        {
            for (var back = LateMonths; back >= 1; back--)
            {
                var month = BillingMonth.Of(now).Plus(-back);
                if (month.End + _options.GracePeriod > now || month.End <= tenant.CreatedAt)
                {
                    continue;
                }

                if (await _invoices.GetAsync(tenant.Id, month.ToString(), ct) is { } finalized)
                {
                    // Told at least once: an event whose store failed after its invoice was written is stored now (its id makes a repeat a no-op).
                    await _outbox.EnqueueAsync(BillingEvents.Finalized(finalized), ct);
                    continue;
                }

                var (invoice, billed) = await ComputeWithUsageAsync(tenant, month, InvoiceStatus.Finalized, now, ct);
                if ((invoice.PlanFeeMicros != 0 || billed.Count > 0) && await _invoices.FinalizeAsync(invoice, billed, ct))
                {
                    written++;
                    LogFinalized(_logger, invoice.Number, tenant.Id, invoice.UsageMicros, invoice.TotalMicros);
                    await _outbox.EnqueueAsync(BillingEvents.Finalized(invoice), ct);
                }
            }
        }

        return written;
    }

    private async Task<Invoice> ComputeAsync(TenantRecord tenant, BillingMonth month, InvoiceStatus status, DateTimeOffset? at, CancellationToken ct) =>
        (await ComputeWithUsageAsync(tenant, month, status, at, ct)).Invoice;

    private async Task<(Invoice Invoice, IReadOnlyList<ModelUsage> Billed)> ComputeWithUsageAsync(
        TenantRecord tenant, BillingMonth month, InvoiceStatus status, DateTimeOffset? at, CancellationToken ct)
    {
        var usage = (await _invoices.LedgerUsageAsync(tenant.Id, month.FirstDay, month.Plus(1).FirstDay, ct)).Where(u => u.Requests != 0 || u.CostMicros != 0).ToList();
        var late = new List<ModelUsage>();
        for (var back = LateMonths; back >= 1; back--)
        {
            var earlier = month.Plus(-back);
            if (await _invoices.GetAsync(tenant.Id, earlier.ToString(), ct) is null)
            {
                continue;
            }

            var billed = (await _invoices.BilledUsageAsync(tenant.Id, [earlier.ToString()], ct)).ToDictionary(b => b.Model, StringComparer.Ordinal);
            foreach (var ledger in await _invoices.LedgerUsageAsync(tenant.Id, earlier.FirstDay, month.Plus(1 - back).FirstDay, ct))
            {
                var delta = ModelUsage.Beyond(ledger, billed.GetValueOrDefault(ledger.Model));
                if (delta.Requests != 0 || delta.CostMicros != 0)
                {
                    late.Add(delta);
                }
            }
        }

        var segments = await SegmentsAsync(tenant, month, ct);
        // Unit prices shown: the plan's own price of the model when the plan the tenant was on then has one (the ledger's
        // rows were priced the same way), else the model's.
        var inputs = new InvoiceInputs(tenant.Id, month, segments, usage, late, tenant.BillingOrDefault.Prepaid,
            (model, when) => segments.LastOrDefault(s => s.From <= when).Plan?.PriceOf(model) ?? _models.PricesOf(model)?.At(when));
        return (InvoiceCalculator.Build(inputs, status, at), [.. usage, .. late]);
    }

    // The plans of the month from the recorded periods; a tenant without any is on its current plan since it was made.
    private async Task<IReadOnlyList<(DateTimeOffset From, DateTimeOffset To, PlanRecord? Plan)>> SegmentsAsync(TenantRecord tenant, BillingMonth month, CancellationToken ct)
    {
        var periods = await _plans.PeriodsAsync(tenant.Id, month.Start, month.End, ct);
        if (periods.Count == 0)
        {
            periods = [new PlanPeriod(tenant.CreatedAt, tenant.BillingOrDefault.Plan)];
        }

        var segments = new List<(DateTimeOffset, DateTimeOffset, PlanRecord?)>();
        for (var i = 0; i < periods.Count; i++)
        {
            var from = Max(periods[i].StartsAt, Max(month.Start, tenant.CreatedAt));
            var to = i + 1 < periods.Count ? periods[i + 1].StartsAt : month.End;
            var plan = periods[i].Plan is { } name ? await _plans.GetAsync(name, ct) : null;
            segments.Add((from, Min(to, month.End), plan));
        }

        return segments;
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    [LoggerMessage(Level = LogLevel.Information, Message = "Invoice {Number} of tenant {TenantId} finalized: usage {UsageMicros}, total {TotalMicros} micro-USD")]
    private static partial void LogFinalized(ILogger logger, string number, Guid tenantId, long usageMicros, long totalMicros);
}
