using GatoLink.Gateway.Admin.Validation;
using GatoLink.Grains.Abstractions.Nodes;

namespace GatoLink.Gateway.Admin;

/// <summary>The rule of a node's <c>native_apis</c>: only an OpenAI-style server can serve OpenAI's other APIs itself.</summary>
public static class NodeApiRules
{
    /// <summary>An <c>anthropic</c> node speaks Messages only: it declares no native API.</summary>
    public static FieldError? NativeApis(EngineKind engine, IReadOnlyList<NodeApi>? apis) =>
        engine == EngineKind.Anthropic && apis is { Count: > 0 }
            ? new FieldError("native_apis", "'native_apis' cannot be set on an 'anthropic' node: it serves the Messages API only.")
            : null;
}
