using Microsoft.Extensions.Logging;

namespace GatoLink.Gateway.Providers;

/// <summary>Log lines about external providers. Never a credential, in clear or encrypted.</summary>
internal static partial class ProviderLog
{
    [LoggerMessage(EventId = 1110, Level = LogLevel.Error, Message = "The API key of node {NodeId} cannot be decrypted ({Error}): is the Data Protection key ring the one it was stored with, and shared by every silo?")]
    public static partial void CredentialUnreadable(ILogger logger, string nodeId, string error);

    [LoggerMessage(EventId = 1111, Level = LogLevel.Information, Message = "The decrypted API key of node {NodeId} was dropped from this silo's memory: the node was {Change}")]
    public static partial void CredentialDropped(ILogger logger, string nodeId, string change);
}
