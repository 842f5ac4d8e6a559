using System.Text.Json;

namespace GatoLink.NodeSim;

/// <summary>
/// Anthropic's <c>tools</c> (<c>name</c>, <c>description</c>, <c>input_schema</c>) and <c>tool_choice</c>
/// (<c>auto</c>, <c>any</c>, <c>tool</c> with a name, <c>none</c>; <c>disable_parallel_tool_use</c>) onto the
/// engine's tool options: <c>any</c> is the engine's <c>required</c>, <c>tool</c> its named choice.
/// </summary>
internal static class MessagesToolParser
{
    public static ToolOptions Parse(JsonElement root)
    {
        var hasTools = RequestParser.TryGetNonNull(root, "tools", out var toolsValue);
        var tools = hasTools ? ReadTools(toolsValue) : [];
        if (!RequestParser.TryGetNonNull(root, "tool_choice", out var choice))
        {
            return tools.Count > 0 ? new ToolOptions(tools, ToolChoiceMode.Auto, null, true) : ToolOptions.None;
        }

        var type = choice.ValueKind == JsonValueKind.Object ? MessagesRequestParser.RequiredString(choice, "type", "tool_choice.") : throw new BadRequestException("tool_choice: Input should be a valid dictionary", "tool_choice");
        var parallel = !(choice.TryGetProperty("disable_parallel_tool_use", out var d) && d.ValueKind == JsonValueKind.True);
        if (type == "none")
        {
            return ToolOptions.None;
        }

        if (tools.Count == 0)
        {
            throw new BadRequestException("tool_choice may only be specified while providing tools.", "tool_choice");
        }

        switch (type)
        {
            case "auto":
                return new ToolOptions(tools, ToolChoiceMode.Auto, null, parallel);
            case "any":
                return new ToolOptions(tools, ToolChoiceMode.Required, null, parallel);
            case "tool":
                var name = MessagesRequestParser.RequiredString(choice, "name", "tool_choice.");
                return tools.Any(x => x.Name == name)
                    ? new ToolOptions(tools, ToolChoiceMode.Named, name, parallel)
                    : throw new BadRequestException($"tool_choice.name: tool '{name}' is not among the provided tools", "tool_choice");
            default:
                throw new BadRequestException($"tool_choice: Input tag '{type}' found using 'type' does not match any of the expected tags: 'auto', 'any', 'tool', 'none'", "tool_choice");
        }
    }

    private static List<ToolDefinition> ReadTools(JsonElement tools)
    {
        if (tools.ValueKind != JsonValueKind.Array)
        {
            throw new BadRequestException("tools: Input should be a valid list", "tools");
        }

        var list = new List<ToolDefinition>(tools.GetArrayLength());
        var i = 0;
        foreach (var tool in tools.EnumerateArray())
        {
            var at = $"tools.{i++}.";
            if (tool.ValueKind != JsonValueKind.Object)
            {
                throw new BadRequestException($"tools.{i - 1}: Input should be a valid dictionary", "tools");
            }

            var name = MessagesRequestParser.RequiredString(tool, "name", at);
            if (!RequestParser.TryGetNonNull(tool, "input_schema", out var schema))
            {
                throw new BadRequestException($"{at}input_schema: Field required", "tools");
            }

            if (schema.ValueKind != JsonValueKind.Object)
            {
                throw new BadRequestException($"{at}input_schema: Input should be a valid dictionary", "tools");
            }

            list.Add(new ToolDefinition(name, schema.Clone()));
        }

        return list;
    }
}
