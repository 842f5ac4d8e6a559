using System.ComponentModel.DataAnnotations;

namespace GatoLink.Grains.Invoices;

/// <summary>When invoices are finalized (<c>GatoLink:Invoices</c>).</summary>
public sealed class InvoiceOptions
{
    /// <summary>How long after a month closes its invoice waits for late usage (a silo's spool draining) before it is finalized.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "31.00:00:00")]
    public TimeSpan GracePeriod { get; set; } = TimeSpan.FromDays(2);

    /// <summary>How often the reminder looks for invoices to finalize (Orleans' shortest reminder period is a minute).</summary>
    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00")]
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromHours(1);
}
