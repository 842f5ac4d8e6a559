using System.Diagnostics.Metrics;

namespace GatoLink.Grains.Telemetry;

/// <summary>Usage-ledger instruments: backlog, events written, write failures, spool damage, stream lag.</summary>
public sealed class LedgerInstruments
{

    private readonly Counter<long> _written;
    private readonly Counter<long> _failures;
    private readonly Counter<long> _quarantined;
    private readonly Counter<long> _spoolFailures;
    private readonly Histogram<double> _lag;

    // Observed at scrape time rather than an up-down counter: the Prometheus adapter forgets series that saw no
    // measurement for a while, and a backlog stuck while the ledger is down makes none.
    private long _backlog;

    /// <summary>Creates the instruments on the <c>GatoLink</c> meter.</summary>
    public LedgerInstruments(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MetricNames.MeterName);
        meter.CreateObservableGauge(
            MetricNames.LedgerBacklog,
            () => Interlocked.Read(ref _backlog),
            MetricNames.UnitEvents,
            "Usage events waiting to be written to the ledger.");
        _written = meter.CreateCounter<long>(
            MetricNames.LedgerEventsWritten, MetricNames.UnitEvents, "Usage events written to the ledger.");
        _failures = meter.CreateCounter<long>(
            MetricNames.LedgerWriteFailures, MetricNames.UnitFailures, "Failed ledger write attempts.");
        _quarantined = meter.CreateCounter<long>(
            MetricNames.LedgerSpoolQuarantined, MetricNames.UnitEvents, "Damaged usage-spool rows moved to the spool's quarantine table.");
        _spoolFailures = meter.CreateCounter<long>(
            MetricNames.LedgerSpoolFailures, MetricNames.UnitFailures, "Usage-spool failures (corrupt file, full disk, I/O error).");
        _lag = meter.CreateHistogram<double>(
            MetricNames.LedgerLag, MetricNames.UnitSeconds, "Time from the end of a request to its usage row in the ledger.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60] });
    }

    /// <summary>Events joined the write queue.</summary>
    public void EventsEnqueued(int count) => Interlocked.Add(ref _backlog, count);

    /// <summary>Events were written: counted, and removed from the backlog.</summary>
    public void EventsWritten(int count)
    {
        _written.Add(count);
        Interlocked.Add(ref _backlog, -count);
    }

    /// <summary>A write attempt failed; its events stay in the backlog for the retry.</summary>
    public void WriteFailed() => _failures.Add(1);

    /// <summary>Events left the backlog without being written (given up on, spilled elsewhere).</summary>
    public void EventsAbandoned(int count) => Interlocked.Add(ref _backlog, -count);

    /// <summary>Events the billing grain inserted (the backlog is the publishing silo's, see <see cref="EventsAcknowledged"/>).</summary>
    public void EventsBilled(int count) => _written.Add(count);

    /// <summary>The ledger acknowledged spooled events: they leave this silo's backlog.</summary>
    public void EventsAcknowledged(int count) => Interlocked.Add(ref _backlog, -count);

    /// <summary>Damaged spool rows were quarantined.</summary>
    public void Quarantined(int count) => _quarantined.Add(count);

    /// <summary>The spool failed (<paramref name="reason"/>: corrupt, full, io).</summary>
    public void SpoolFailed(string reason) => _spoolFailures.Add(1, new KeyValuePair<string, object?>("reason", reason));

    /// <summary>One event reached the ledger <paramref name="lag"/> after its request ended.</summary>
    public void LedgerLag(TimeSpan lag) => _lag.Record(Math.Max(0, lag.TotalSeconds));
}
