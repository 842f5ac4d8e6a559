using GatoLink.Grains.Abstractions.Nodes;

namespace GatoLink.Gateway.Proxy;

/// <summary>
/// The header that carries a node's API key upstream, in the node's own convention: <c>x-api-key</c> for the Messages
/// API (<see cref="EngineKind.Anthropic"/>), <c>Authorization: Bearer</c> for every OpenAI-style server (vLLM's
/// <c>--api-key</c>, hosted OpenAI-compatible providers). <see cref="None"/> when the node has no key.
/// </summary>
/// <param name="Header">The header's name, or null for none.</param>
/// <param name="Value">Its value (holds the key in clear: never log it).</param>
public readonly record struct NodeAuth(string? Header, string? Value)
{
    /// <summary>No key.</summary>
    public static NodeAuth None => default;

    /// <summary>The header for <paramref name="node"/>, its key read through <paramref name="credentials"/>.</summary>
    public static NodeAuth For(GpuNodeRecord node, INodeCredentials credentials)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(credentials);
        if (credentials.For(node) is not { } key)
        {
            return None;
        }

        return node.Engine == EngineKind.Anthropic ? new NodeAuth("x-api-key", key) : new NodeAuth("Authorization", "Bearer " + key);
    }

    /// <inheritdoc />
    public override string ToString() => Header is null ? "none" : Header + ": ***";
}
