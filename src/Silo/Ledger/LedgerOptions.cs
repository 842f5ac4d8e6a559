using System.ComponentModel.DataAnnotations;

namespace GatoLink.Silo.Ledger;

/// <summary>Settings of the usage ledger (section <c>GatoLink:Ledger</c>).</summary>
public sealed class LedgerOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "GatoLink:Ledger";

    /// <summary>Most events in one stream item (one ledger statement).</summary>
    [Range(1, 50_000)]
    public int BatchSize { get; set; } = 2_000;

    /// <summary>How long a batch that is not full waits for more events before it is published (bounds the lag it adds).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:05")]
    public TimeSpan PublishInterval { get; set; } = TimeSpan.FromMilliseconds(20);

    /// <summary>Streams (and billing grains) the usage is spread over; more write the ledger in parallel.</summary>
    [Range(1, 64)]
    public int StreamShards { get; set; } = 4;

    /// <summary>Batches published and not yet acknowledged, at most; past it the spool holds the rest.</summary>
    [Range(1, 10_000)]
    public int MaxInFlight { get; set; } = 64;

    /// <summary>A published batch not acknowledged within this time is published again (the ledger drops the repeat).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan AckTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Whether an attempt's usage is written straight into the ledger before the response's last byte (the spool then holds
    /// only what the ledger did not take in time). True by default, PostgreSQL and SQLite alike: one group commit per
    /// batch of the requests that end together costs less than the spool, the usage stream and the billing grain
    /// together (bench/overhead). False: every event goes through the spool and the usage stream.
    /// </summary>
    public bool DirectWrite { get; set; } = true;

    /// <summary>How long a direct write may take before its events go to the spool instead (the response's end waits for it).</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan CommitTimeout { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>First retry delay when the stream refuses a batch (its database is down); doubles up to <see cref="MaxBackoff"/>.</summary>
    public TimeSpan MinBackoff { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Longest retry delay.</summary>
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a stopping silo keeps publishing and waiting for acknowledgements; what is left stays in the spool for the next start.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan StopTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Spool file; null: <c>{DataDirectory}/usage-spool.db</c>.</summary>
    public string? SpoolPath { get; set; }

    /// <summary>Largest size of the spool file in bytes; null: as much as the disk holds. Past it the spool fails like a full disk.</summary>
    [Range(65_536, long.MaxValue)]
    public long? SpoolMaxBytes { get; set; }

    /// <summary>Whole months of raw events kept (rollups are kept forever); 0 keeps everything.</summary>
    [Range(0, 1200)]
    public int RetentionMonths { get; set; } = 13;

    /// <summary>How often partitions are created ahead and retention applied (an Orleans reminder: once per cluster).</summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00")]
    public TimeSpan MaintenanceInterval { get; set; } = TimeSpan.FromHours(1);
}
