using System.Text.Json;

namespace GatoLink.NodeSim;

/// <summary>Reads <c>tools</c>, <c>tool_choice</c>, <c>parallel_tool_calls</c> and <c>response_format</c> with vLLM's checks.</summary>
internal static class ToolRequestParser
{
    private const string CorrectUsage = "Correct usage: `{\"type\": \"function\", \"function\": {\"name\": \"my_function\"}}`";

    public static ToolOptions ParseTools(JsonElement root)
    {
        var hasTools = RequestParser.TryGetNonNull(root, "tools", out var toolsValue);
        var tools = hasTools ? ReadTools(toolsValue) : [];
        var parallel = !RequestParser.TryGetNonNull(root, "parallel_tool_calls", out var p) || p.ValueKind != JsonValueKind.False;
        if (!RequestParser.TryGetNonNull(root, "tool_choice", out var choice))
        {
            // vLLM: tools without tool_choice mean "auto".
            return tools.Count > 0 ? new ToolOptions(tools, ToolChoiceMode.Auto, null, parallel) : ToolOptions.None;
        }

        if (choice.ValueKind == JsonValueKind.String && choice.ValueEquals("none"))
        {
            return ToolOptions.None;
        }

        if (!hasTools)
        {
            throw new BadRequestException("When using `tool_choice`, `tools` must be set.", "tool_choice");
        }

        if (choice.ValueKind == JsonValueKind.String)
        {
            return choice.GetString() switch
            {
                "auto" => new ToolOptions(tools, ToolChoiceMode.Auto, null, parallel),
                "required" => new ToolOptions(tools, ToolChoiceMode.Required, null, parallel),
                var other => throw new BadRequestException(
                    $"Invalid value for `tool_choice`: {other}! Only named tools, \"none\", \"auto\" or \"required\" are supported.", "tool_choice"),
            };
        }

        if (choice.ValueKind != JsonValueKind.Object)
        {
            throw new BadRequestException(
                $"Invalid value for `tool_choice`: {choice.GetRawText()}! Only named tools, \"none\", \"auto\" or \"required\" are supported.", "tool_choice");
        }

        if (!choice.TryGetProperty("function", out var function) || function.ValueKind != JsonValueKind.Object)
        {
            var shown = choice.TryGetProperty("function", out var f) ? f.GetRawText() : "None";
            throw new BadRequestException($"Invalid value for `function`: `{shown}` in `tool_choice`! {CorrectUsage}", "tool_choice");
        }

        if (!function.TryGetProperty("name", out var name))
        {
            throw new BadRequestException($"Expected field `name` in `function` in `tool_choice`! {CorrectUsage}", "tool_choice");
        }

        if (name.ValueKind != JsonValueKind.String || name.GetString()!.Length == 0)
        {
            throw new BadRequestException($"Invalid `name` in `function`: `{name.GetRawText()}` in `tool_choice`! {CorrectUsage}", "tool_choice");
        }

        var named = name.GetString()!;
        if (!tools.Any(t => t.Name == named))
        {
            throw new BadRequestException("The tool specified in `tool_choice` does not match any of the specified `tools`", "tool_choice");
        }

        return new ToolOptions(tools, ToolChoiceMode.Named, named, parallel);
    }

    public static ResponseFormat ParseResponseFormat(JsonElement root)
    {
        if (!RequestParser.TryGetNonNull(root, "response_format", out var format))
        {
            return ResponseFormat.Text;
        }

        if (format.ValueKind != JsonValueKind.Object || !format.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String)
        {
            throw new BadRequestException("response_format must be an object with a string `type`.", "response_format");
        }

        switch (type.GetString())
        {
            case "text":
                return ResponseFormat.Text;
            case "json_object":
                return new ResponseFormat(ResponseFormatKind.JsonObject, null);
            case "json_schema":
                if (!RequestParser.TryGetNonNull(format, "json_schema", out var spec) || spec.ValueKind != JsonValueKind.Object)
                {
                    throw new BadRequestException("response_format of type `json_schema` needs a `json_schema` object.", "response_format");
                }

                if (!spec.TryGetProperty("name", out var schemaName) || schemaName.ValueKind != JsonValueKind.String)
                {
                    throw new BadRequestException("response_format.json_schema.name is required and must be a string.", "response_format");
                }

                // vLLM's field is `schema` (alias of json_schema's schema_); without one any JSON is allowed.
                var schema = RequestParser.TryGetNonNull(spec, "schema", out var s) ? s : default;
                if (schema.ValueKind is not (JsonValueKind.Object or JsonValueKind.Undefined))
                {
                    throw new BadRequestException("response_format.json_schema.schema must be a JSON schema object.", "response_format");
                }

                return schema.ValueKind == JsonValueKind.Object
                    ? new ResponseFormat(ResponseFormatKind.JsonSchema, schema.Clone())
                    : new ResponseFormat(ResponseFormatKind.JsonObject, null);
            default:
                throw new BadRequestException(
                    $"Invalid response_format type '{type.GetString()}': only 'text', 'json_object' and 'json_schema' are supported.", "response_format");
        }
    }

    private static List<ToolDefinition> ReadTools(JsonElement tools)
    {
        if (tools.ValueKind != JsonValueKind.Array)
        {
            throw new BadRequestException("tools must be a list of tools.", "tools");
        }

        var list = new List<ToolDefinition>(tools.GetArrayLength());
        foreach (var tool in tools.EnumerateArray())
        {
            if (tool.ValueKind != JsonValueKind.Object
                || !tool.TryGetProperty("function", out var function) || function.ValueKind != JsonValueKind.Object
                || !function.TryGetProperty("name", out var name) || name.ValueKind != JsonValueKind.String || name.GetString()!.Length == 0)
            {
                throw new BadRequestException("Each tool must be {\"type\": \"function\", \"function\": {\"name\": ..., \"parameters\": {...}}}.", "tools");
            }

            if (tool.TryGetProperty("type", out var type) && !type.ValueEquals("function"))
            {
                throw new BadRequestException($"Unsupported tool type {type.GetRawText()}: only \"function\" tools are supported.", "tools");
            }

            JsonElement? parameters = RequestParser.TryGetNonNull(function, "parameters", out var p) ? p.Clone() : null;
            if (parameters is { ValueKind: not JsonValueKind.Object })
            {
                throw new BadRequestException($"The parameters of tool '{name.GetString()}' must be a JSON schema object.", "tools");
            }

            list.Add(new ToolDefinition(name.GetString()!, parameters));
        }

        return list;
    }
}
