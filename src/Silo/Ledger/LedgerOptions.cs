using System.ComponentModel.DataAnnotations;

namespace GatoLink.Silo.Ledger;

/// <summary>Settings of the usage ledger (section <c>GatoLink:Ledger</c>).</summary>
public sealed class LedgerOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "GatoLink:Ledger";

    /// <summary>Events held in memory before new ones go to the spool.</summary>
    [Range(16, 10_000_000)]
    public int QueueCapacity { get; set; } = 100_000;

    /// <summary>Most events written in one batch (one round trip).</summary>
    [Range(1, 50_000)]
    public int BatchSize { get; set; } = 2_000;

    /// <summary>First retry delay when the database refuses a batch; doubles up to <see cref="MaxBackoff"/>.</summary>
    public TimeSpan MinBackoff { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Longest retry delay.</summary>
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Spool file; null: <c>{DataDirectory}/usage-spool.db</c>.</summary>
    public string? SpoolPath { get; set; }

    /// <summary>Whole months of raw events kept (rollups are kept forever); 0 keeps everything.</summary>
    [Range(0, 1200)]
    public int RetentionMonths { get; set; } = 13;

    /// <summary>How often partitions are created ahead and retention applied.</summary>
    public TimeSpan MaintenanceInterval { get; set; } = TimeSpan.FromHours(1);
}
