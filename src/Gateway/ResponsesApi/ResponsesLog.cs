using Microsoft.Extensions.Logging;

namespace GatoLink.Gateway.ResponsesApi;

/// <summary>The Responses surface's log lines.</summary>
internal static partial class ResponsesLog
{
    [LoggerMessage(EventId = 1300, Level = LogLevel.Error, Message = "Storing response {ResponseId} failed; the client got its answer (billed), a later GET or continuation will not find it")]
    public static partial void StoreFailed(ILogger logger, string responseId, Exception exception);

    [LoggerMessage(EventId = 1301, Level = LogLevel.Warning, Message = "Reading stored responses failed ({Operation})")]
    public static partial void ReadFailed(ILogger logger, string operation, Exception exception);

    [LoggerMessage(EventId = 1302, Level = LogLevel.Information, Message = "Refused {Operation} of a stored response with {Status} {Code}: {Reason}")]
    public static partial void Refused(ILogger logger, string operation, int status, string? code, string reason);
}
