using Microsoft.Extensions.Logging;

namespace GatoLink.Gateway;

/// <summary>The data plane's log lines. Never a secret: keys appear by id only.</summary>
internal static partial class GatewayLog
{
    [LoggerMessage(EventId = 1000, Level = LogLevel.Information, Message = "Refused request {RequestId} with {Status} {Code}: {Reason}")]
    public static partial void Refused(ILogger logger, string requestId, int status, string? code, string reason);

    [LoggerMessage(EventId = 1001, Level = LogLevel.Warning, Message = "Request {RequestId} attempt {Attempt} on node {NodeId} failed: {Reason}")]
    public static partial void AttemptFailed(ILogger logger, string requestId, int attempt, string nodeId, string reason);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Warning, Message = "Request {RequestId} stream from node {NodeId} broke after the first token: {Reason}")]
    public static partial void StreamBroke(ILogger logger, string requestId, string nodeId, string reason);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Information, Message = "Request {RequestId} client disconnected from node {NodeId} after {Tokens} tokens")]
    public static partial void ClientGone(ILogger logger, string requestId, string nodeId, int tokens);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Debug, Message = "Request {RequestId} key {KeyId} model {Model} node {NodeId} attempt {Attempt} status {Status} tokens {Prompt}+{Completion}")]
    public static partial void Completed(ILogger logger, string requestId, Guid keyId, string model, string nodeId, int attempt, string status, int prompt, int completion);
}
