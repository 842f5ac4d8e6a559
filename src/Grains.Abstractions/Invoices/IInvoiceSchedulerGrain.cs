namespace GatoLink.Grains.Abstractions.Invoices;

/// <summary>
/// Finalizes every tenant's invoice once its month has closed and the grace period for late usage has passed, on an
/// Orleans reminder (one activation in the cluster, key 0).
/// </summary>
[Alias("gatolink.invoice-scheduler-grain")]
public interface IInvoiceSchedulerGrain : IGrainWithIntegerKey
{
    /// <summary>Registers the reminder (idempotent) and runs once.</summary>
    Task Start();

    /// <summary>Finalizes what is due now; returns how many invoices were finalized.</summary>
    Task<int> FinalizeDue();
}
