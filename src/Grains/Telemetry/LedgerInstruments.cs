using System.Diagnostics.Metrics;

namespace GatoLink.Grains.Telemetry;

/// <summary>Usage-ledger instruments: backlog, events written, write failures.</summary>
public sealed class LedgerInstruments
{
    private readonly UpDownCounter<long> _backlog;
    private readonly Counter<long> _written;
    private readonly Counter<long> _failures;

    /// <summary>Creates the instruments on the <c>GatoLink</c> meter.</summary>
    public LedgerInstruments(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MetricNames.MeterName);
        _backlog = meter.CreateUpDownCounter<long>(
            MetricNames.LedgerBacklog, MetricNames.UnitEvents, "Usage events waiting to be written to the ledger.");
        _written = meter.CreateCounter<long>(
            MetricNames.LedgerEventsWritten, MetricNames.UnitEvents, "Usage events written to the ledger.");
        _failures = meter.CreateCounter<long>(
            MetricNames.LedgerWriteFailures, MetricNames.UnitFailures, "Failed ledger write attempts.");
    }

    /// <summary>Events joined the write queue.</summary>
    public void EventsEnqueued(int count) => _backlog.Add(count);

    /// <summary>Events were written: counted, and removed from the backlog.</summary>
    public void EventsWritten(int count)
    {
        _written.Add(count);
        _backlog.Add(-count);
    }

    /// <summary>A write attempt failed; its events stay in the backlog for the retry.</summary>
    public void WriteFailed() => _failures.Add(1);

    /// <summary>Events left the backlog without being written (given up on, spilled elsewhere).</summary>
    public void EventsAbandoned(int count) => _backlog.Add(-count);
}
