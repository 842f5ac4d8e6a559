using System.Diagnostics.Metrics;

namespace GatoLink.Grains.Telemetry;

/// <summary>Usage-ledger instruments: backlog, events written, write failures.</summary>
public sealed class LedgerInstruments
{
    private readonly Counter<long> _written;
    private readonly Counter<long> _failures;

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
}
