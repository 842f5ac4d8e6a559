using System.Data.Common;
using GatoLink.Grains.Abstractions.Invoices;
using Microsoft.Extensions.Logging;

namespace GatoLink.Grains.Invoices;

/// <summary>
/// Finalizes invoices on an Orleans reminder: one activation in the cluster, so each invoice is finalized once, and the
/// reminder survives silo restarts (ADO.NET reminders in a cluster). The moment it compares with is the silo's
/// <see cref="TimeProvider"/>; the reminder only decides when it looks.
/// </summary>
public sealed partial class InvoiceSchedulerGrain : Grain, IInvoiceSchedulerGrain, IRemindable
{
    /// <summary>The reminder's name.</summary>
    public const string ReminderName = "invoice-finalization";

    private readonly InvoiceBook _book;
    private readonly InvoiceOptions _options;
    private readonly ILogger<InvoiceSchedulerGrain> _logger;

    /// <summary>Creates the grain.</summary>
    public InvoiceSchedulerGrain(InvoiceBook book, InvoiceOptions options, ILogger<InvoiceSchedulerGrain> logger)
    {
        _book = book;
        _options = options;
        _logger = logger;
    }

    /// <inheritdoc />
    public async Task Start()
    {
        await this.RegisterOrUpdateReminder(ReminderName, _options.CheckInterval, _options.CheckInterval);
        await FinalizeDue();
    }

    /// <inheritdoc />
    public async Task<int> FinalizeDue()
    {
        try
        {
            return await _book.FinalizeDueAsync(CancellationToken.None);
        }
        catch (DbException ex)
        {
            // Nothing was half-written (each invoice is one transaction); the next reminder tries again.
            LogFailed(_logger, ex);
            return 0;
        }
    }

    /// <inheritdoc />
    public Task ReceiveReminder(string reminderName, TickStatus status) => FinalizeDue();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Finalizing invoices failed: the database is not available; the next reminder tries again")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
