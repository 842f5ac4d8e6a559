namespace GatoLink.NodeSim;

internal static partial class NodeSimLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Debug, Message = "Client cancelled a generation after {Tokens} tokens")]
    public static partial void RequestCancelled(ILogger logger, int tokens);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Injected fault: dropped the connection after {Tokens} tokens")]
    public static partial void ConnectionDropped(ILogger logger, int tokens);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "Faults replaced: fail_rate={FailRate} fail_status={FailStatus} hang={Hang} drop_after_tokens={Drop} slow_start_ms={SlowStart}")]
    public static partial void FaultsReplaced(ILogger logger, double failRate, int failStatus, bool hang, int drop, double slowStart);

    [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "NodeSim ({Profile}) serving {Models} on {Url}")]
    public static partial void Started(ILogger logger, string profile, string models, Uri url);
}
