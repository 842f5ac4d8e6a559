using System.Text.Json;

namespace GatoLink.NodeSim;

/// <summary>
/// The Responses API's <c>tools</c> (flat function tools: <c>type: function</c>, <c>name</c>, <c>parameters</c>;
/// other tool types are accepted and never called, as on a vLLM without a tool server) and <c>tool_choice</c>
/// (<c>none</c>, <c>auto</c>, <c>required</c>, or <c>{"type":"function","name"}</c>) onto the engine's tool options.
/// </summary>
internal static class ResponsesToolParser
{
    public static ToolOptions Parse(JsonElement root)
    {
        var tools = RequestParser.TryGetNonNull(root, "tools", out var toolsValue) ? ReadTools(toolsValue) : [];
        var parallel = !RequestParser.TryGetNonNull(root, "parallel_tool_calls", out var p) || p.ValueKind != JsonValueKind.False;
        if (!RequestParser.TryGetNonNull(root, "tool_choice", out var choice))
        {
            return tools.Count > 0 ? new ToolOptions(tools, ToolChoiceMode.Auto, null, parallel) : ToolOptions.None;
        }

        if (choice.ValueKind == JsonValueKind.String)
        {
            return choice.GetString() switch
            {
                "none" => ToolOptions.None,
                "auto" => tools.Count > 0 ? new ToolOptions(tools, ToolChoiceMode.Auto, null, parallel) : ToolOptions.None,
                "required" when tools.Count > 0 => new ToolOptions(tools, ToolChoiceMode.Required, null, parallel),
                "required" => throw new BadRequestException("When using `tool_choice`, `tools` must be set.", "tool_choice"),
                var other => throw new BadRequestException($"tool_choice: Input should be 'none', 'auto' or 'required', got '{other}'", "tool_choice"),
            };
        }

        var type = choice.ValueKind == JsonValueKind.Object && choice.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
        if (type != "function")
        {
            throw new BadRequestException($"tool_choice: Input tag '{type}' found using 'type' does not match any of the expected tags", "tool_choice");
        }

        var name = ResponsesRequestParser.Required(choice, "name", "tool_choice");
        return tools.Any(x => x.Name == name)
            ? new ToolOptions(tools, ToolChoiceMode.Named, name, parallel)
            : throw new BadRequestException($"tool_choice: function '{name}' is not among the provided tools", "tool_choice");
    }

    private static List<ToolDefinition> ReadTools(JsonElement tools)
    {
        if (tools.ValueKind != JsonValueKind.Array)
        {
            throw new BadRequestException("tools: Input should be a valid list", "tools");
        }

        var list = new List<ToolDefinition>();
        var i = 0;
        foreach (var tool in tools.EnumerateArray())
        {
            var at = $"tools.{i++}";
            RequestParser.RequireObject(tool);
            if (!tool.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String)
            {
                throw new BadRequestException($"{at}.type: Field required", "tools");
            }

            if (!type.ValueEquals("function"))
            {
                continue;
            }

            var name = ResponsesRequestParser.Required(tool, "name", at);
            JsonElement? parameters = RequestParser.TryGetNonNull(tool, "parameters", out var schema) ? schema.Clone() : null;
            if (parameters is { ValueKind: not JsonValueKind.Object })
            {
                throw new BadRequestException($"{at}.parameters: Input should be a valid dictionary", "tools");
            }

            list.Add(new ToolDefinition(name, parameters));
        }

        return list;
    }
}
