using Microsoft.Extensions.Logging;

namespace GatoLink.Silo.Ledger;

/// <summary>The ledger's log messages.</summary>
internal static partial class LedgerLog
{
    [LoggerMessage(EventId = 3001, Level = LogLevel.Warning, Message = "Ledger write of {Count} events failed; retrying in {DelayMs} ms")]
    public static partial void WriteFailed(ILogger logger, Exception exception, int count, double delayMs);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Information, Message = "Ledger writes recovered after {Failures} failed attempts")]
    public static partial void WriteRecovered(ILogger logger, int failures);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Warning, Message = "Usage queue full: spooling events to {SpoolPath}")]
    public static partial void Spooling(ILogger logger, string spoolPath);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Information, Message = "Replaying {Count} spooled usage events")]
    public static partial void Replaying(ILogger logger, long count);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Critical, Message = "Usage event {EventId} could not be spooled and is lost")]
    public static partial void Lost(ILogger logger, Exception exception, Guid eventId);

    [LoggerMessage(EventId = 3006, Level = LogLevel.Information, Message = "Ledger stopping: {Count} events spooled for the next start")]
    public static partial void SpooledAtStop(ILogger logger, int count);

    [LoggerMessage(EventId = 3007, Level = LogLevel.Warning, Message = "Ledger maintenance failed")]
    public static partial void MaintenanceFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 3008, Level = LogLevel.Information, Message = "Ledger retention dropped {Count} raw partitions/rows older than {Cutoff:O}")]
    public static partial void Dropped(ILogger logger, int count, DateTimeOffset cutoff);

    [LoggerMessage(EventId = 3009, Level = LogLevel.Error, Message = "Usage observer {Observer} failed")]
    public static partial void ObserverFailed(ILogger logger, Exception exception, string observer);
}
