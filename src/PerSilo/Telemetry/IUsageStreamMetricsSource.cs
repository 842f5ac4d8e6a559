namespace GatoLink.PerSilo.Telemetry;

/// <summary>
/// Implemented by whatever carries usage events from a request to the ledger (the usage stream and its local
/// spool); <see cref="UsageStreamInstruments"/> reads it at scrape time. Must be cheap and must not block.
/// </summary>
public interface IUsageStreamMetricsSource
{
    /// <summary>This silo's view of the usage stream now.</summary>
    UsageStreamSnapshot GetUsageStreamSnapshot();
}
