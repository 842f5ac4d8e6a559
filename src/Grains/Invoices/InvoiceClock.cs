namespace GatoLink.Grains.Invoices;

/// <summary>
/// The clock invoices are decided by (which month is running, whether a grace period has passed): the silo's
/// <see cref="TimeProvider"/> unless one is given. It is separate from the cluster's clock because Orleans' membership
/// reads that one too, so moving it to close a month (a test, a replay) would make silos declare each other dead.
/// </summary>
/// <param name="Time">The clock.</param>
public sealed record InvoiceClock(TimeProvider Time);
