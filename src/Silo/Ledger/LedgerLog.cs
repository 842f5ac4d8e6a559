using Microsoft.Extensions.Logging;

namespace GatoLink.Silo.Ledger;

/// <summary>The ledger's log messages.</summary>
internal static partial class LedgerLog
{
    [LoggerMessage(EventId = 3001, Level = LogLevel.Warning, Message = "Publishing {Count} usage events on the stream failed; retrying in {DelayMs} ms (they wait in the spool)")]
    public static partial void PublishFailed(ILogger logger, Exception exception, int count, double delayMs);

    [LoggerMessage(EventId = 3013, Level = LogLevel.Debug, Message = "Publishing {Count} usage events on the stream failed again ({Failures} in a row: {Error}); retrying in {DelayMs} ms")]
    public static partial void PublishStillFailing(ILogger logger, string error, int count, int failures, double delayMs);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Information, Message = "Usage stream publishing recovered after {Failures} failed attempts")]
    public static partial void PublishRecovered(ILogger logger, int failures);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Critical, Message = "Usage spool {SpoolPath} cannot take events ({Reason}): usage is kept in memory only until it recovers, and a crash meanwhile loses it")]
    public static partial void SpoolFailing(ILogger logger, Exception exception, string spoolPath, string reason);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Information, Message = "Publishing {Count} spooled usage events from an earlier run")]
    public static partial void Replaying(ILogger logger, long count);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Information, Message = "Usage spool {SpoolPath} takes events again")]
    public static partial void SpoolRecovered(ILogger logger, string spoolPath);

    [LoggerMessage(EventId = 3006, Level = LogLevel.Information, Message = "Ledger stopping: {Count} usage events stay in the spool for the next start")]
    public static partial void LeftAtStop(ILogger logger, long count);

    [LoggerMessage(EventId = 3007, Level = LogLevel.Warning, Message = "Ledger maintenance failed")]
    public static partial void MaintenanceFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 3008, Level = LogLevel.Information, Message = "Ledger retention dropped {Count} raw partitions/rows older than {Cutoff:O}")]
    public static partial void Dropped(ILogger logger, int count, DateTimeOffset cutoff);

    [LoggerMessage(EventId = 3014, Level = LogLevel.Warning, Message = "Writing {Count} usage events straight into the ledger failed; for {DelayMs} ms usage goes to the spool first")]
    public static partial void DirectWriteFailed(ILogger logger, Exception exception, int count, double delayMs);

    [LoggerMessage(EventId = 3015, Level = LogLevel.Debug, Message = "Writing {Count} usage events straight into the ledger failed again ({Failures} in a row: {Error}); spooling for {DelayMs} ms")]
    public static partial void DirectWriteStillFailing(ILogger logger, string error, int count, int failures, double delayMs);

    [LoggerMessage(EventId = 3016, Level = LogLevel.Information, Message = "Usage is written straight into the ledger again")]
    public static partial void DirectWriteRecovered(ILogger logger);

    [LoggerMessage(EventId = 3009, Level = LogLevel.Error, Message = "Usage observer {Observer} failed")]
    public static partial void ObserverFailed(ILogger logger, Exception exception, string observer);

    [LoggerMessage(EventId = 3010, Level = LogLevel.Error, Message = "Usage spool quarantined {Count} damaged rows (table 'quarantine' of {SpoolPath}); they are kept there, not billed, for an operator")]
    public static partial void RowsQuarantined(ILogger logger, int count, string spoolPath);

    [LoggerMessage(EventId = 3011, Level = LogLevel.Critical, Message = "Usage spool {SpoolPath} was damaged and was moved to {QuarantinedFile} with whatever it held; a fresh spool is in use. Recover the old file's rows with the sqlite3 .recover command and replay them")]
    public static partial void FileQuarantined(ILogger logger, Exception exception, string spoolPath, string quarantinedFile);

    [LoggerMessage(EventId = 3012, Level = LogLevel.Error, Message = "Reading the usage spool {SpoolPath} failed; retrying")]
    public static partial void SpoolReadFailed(ILogger logger, Exception exception, string spoolPath);
}
