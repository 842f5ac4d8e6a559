using System.Text.Json;

namespace GatoLink.NodeSim;

/// <summary>A function the model may call: its name and its parameters' JSON schema (null: no parameters).</summary>
internal sealed record ToolDefinition(string Name, JsonElement? Parameters);

/// <summary>How <c>tool_choice</c> constrains the output.</summary>
internal enum ToolChoiceMode
{
    /// <summary>Text only (no tools, or <c>"none"</c>).</summary>
    None,

    /// <summary>The model decides; the simulator's rule is in <see cref="ToolCallPlanner"/>.</summary>
    Auto,

    /// <summary>At least one call.</summary>
    Required,

    /// <summary>Exactly one call of the named function.</summary>
    Named,
}

/// <summary>Tools of a request.</summary>
internal sealed record ToolOptions(IReadOnlyList<ToolDefinition> Tools, ToolChoiceMode Mode, string? NamedFunction, bool ParallelToolCalls)
{
    public static ToolOptions None { get; } = new([], ToolChoiceMode.None, null, true);
}

/// <summary>The <c>response_format</c> kinds vLLM accepts (structural_tag excepted).</summary>
internal enum ResponseFormatKind
{
    Text,
    JsonObject,
    JsonSchema,
}

/// <summary>A request's <c>response_format</c>; <see cref="Schema"/> is set for <see cref="ResponseFormatKind.JsonSchema"/>.</summary>
internal sealed record ResponseFormat(ResponseFormatKind Kind, JsonElement? Schema)
{
    public static ResponseFormat Text { get; } = new(ResponseFormatKind.Text, null);
}
