using System.Text;
using System.Text.Json;

namespace GatoLink.NodeSim;

/// <summary>
/// Reads a <c>POST /v1/responses</c> body as vLLM's <c>ResponsesRequest</c> does, on a server started without
/// <c>VLLM_ENABLE_RESPONSES_API_STORE</c> (its default): <c>store</c> is silently treated as false, so a
/// <c>previous_response_id</c> is never found (404 <c>invalid_request_error</c>, param <c>response_id</c>) and
/// <c>background</c> is refused (400, param <c>background</c>). The conversation (<c>instructions</c>, then
/// <c>input</c>: a string, or message, <c>function_call</c> and <c>function_call_output</c> items) becomes the
/// simulated chat template's messages; flat function tools and <c>tool_choice</c> the engine's tool options;
/// <c>text.format</c> <c>json_schema</c> the structured output (<c>json_object</c> is not supported, as in vLLM).
/// </summary>
internal static class ResponsesRequestParser
{
    private const string Invalid = "invalid_request_error";

    public static (GenerationRequest Request, ResponsesEcho Echo) Parse(JsonElement root, NodeSimOptions options)
    {
        RequestParser.RequireObject(root);
        var model = RequestParser.ResolveModel(root, options);
        if (RequestParser.TryGetNonNull(root, "prompt", out _))
        {
            throw new BadRequestException("prompt template is not supported", "prompt");
        }

        var store = !RequestParser.TryGetNonNull(root, "store", out var st) || st.ValueKind != JsonValueKind.False;
        if (RequestParser.TryGetNonNull(root, "background", out var bg) && bg.ValueKind == JsonValueKind.True)
        {
            throw store
                ? new BadRequestException("This vLLM engine does not support `store=True` and therefore does not support the background mode. To enable these features, set the environment variable `VLLM_ENABLE_RESPONSES_API_STORE=1` when launching the vLLM server.", "background", type: Invalid)
                : new BadRequestException("background can only be used when `store` is true", "background");
        }

        if (RequestParser.TryGetNonNull(root, "previous_response_id", out var previous))
        {
            throw new BadRequestException($"Response with id '{(previous.ValueKind == JsonValueKind.String ? previous.GetString() : previous.GetRawText())}' not found.", "response_id", StatusCodes.Status404NotFound, Invalid);
        }

        var instructions = OptionalString(root, "instructions");
        var messages = new List<SimChatMessage>();
        if (instructions is not null)
        {
            messages.Add(new SimChatMessage("system", instructions));
        }

        ReadInput(root, messages);
        var tools = ResponsesToolParser.Parse(root);
        var ids = new List<int>();
        if (tools.Mode != ToolChoiceMode.None)
        {
            SimTokenizer.Tokenize(root.GetProperty("tools").GetRawText(), ids);
        }

        SimTokenizer.TokenizeChat(messages, addGenerationPrompt: true, ids);
        int? maxTokens = null;
        if (RequestParser.TryGetNonNull(root, "max_output_tokens", out var mot))
        {
            maxTokens = mot.ValueKind == JsonValueKind.Number && mot.TryGetInt32(out var m) ? m : throw new BadRequestException("max_output_tokens: Input should be a valid integer", "max_output_tokens");
            if (maxTokens < 1)
            {
                throw new BadRequestException($"max_tokens must be at least 1, got {maxTokens}.", "max_tokens");
            }
        }

        var temperature = Number(root, "temperature") ?? 1.0;
        var topP = Number(root, "top_p") ?? 1.0;
        var stream = RequestParser.TryGetNonNull(root, "stream", out var s) && s.ValueKind == JsonValueKind.True;
        var request = new GenerationRequest(GenerationKind.Chat, model, ids, maxTokens, stream, IncludeUsage: true, ContinuousUsage: false, Seed: null)
        {
            Sampling = SamplingOptions.Default with { Temperature = temperature, TopP = topP },
            Tools = tools,
            Format = Format(root),
            ToolCallIdPrefix = "call_",
            LastUserMessage = messages.LastOrDefault(x => x.Role == "user").Content ?? "",
        };
        var echo = new ResponsesEcho(instructions, temperature, topP, tools.ParallelToolCalls, Element(root, "tools"), Element(root, "tool_choice"), Element(root, "metadata"),
            Element(root, "text"), OptionalString(root, "user"));
        return (request, echo);
    }

    private static void ReadInput(JsonElement root, List<SimChatMessage> messages)
    {
        if (!RequestParser.TryGetNonNull(root, "input", out var input))
        {
            throw new BadRequestException("input: Field required", "input");
        }

        if (input.ValueKind == JsonValueKind.String)
        {
            messages.Add(new SimChatMessage("user", input.GetString()!));
            return;
        }

        if (input.ValueKind != JsonValueKind.Array)
        {
            throw new BadRequestException("input: Input should be a valid string or a valid list", "input");
        }

        var i = 0;
        foreach (var item in input.EnumerateArray())
        {
            var at = $"input.{i++}";
            RequestParser.RequireObject(item);
            var type = item.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : item.TryGetProperty("role", out _) ? "message" : null;
            messages.Add(type switch
            {
                "message" => new SimChatMessage(Role(item, at), Content(item, at)),
                "function_call" => new SimChatMessage("assistant", Required(item, "name", at) + " " + Required(item, "arguments", at)),
                "function_call_output" => new SimChatMessage("tool", Required(item, "output", at)),
                "reasoning" => new SimChatMessage("assistant", ""),
                _ => throw new BadRequestException($"{at}: Input tag '{type}' found using 'type' does not match any of the expected tags", "input"),
            });
        }
    }

    private static string Role(JsonElement item, string at) => Required(item, "role", at) switch
    {
        var role when role is "user" or "assistant" or "system" or "developer" => role,
        var other => throw new BadRequestException($"{at}.role: Input should be 'user', 'assistant', 'system' or 'developer', got '{other}'", "input"),
    };

    /// <summary>A message's text: a string, or its text parts joined; an image is a placeholder word (the simulator does not see pictures).</summary>
    private static string Content(JsonElement item, string at)
    {
        if (!RequestParser.TryGetNonNull(item, "content", out var content))
        {
            throw new BadRequestException($"{at}.content: Field required", "input");
        }

        if (content.ValueKind == JsonValueKind.String)
        {
            return content.GetString()!;
        }

        if (content.ValueKind != JsonValueKind.Array)
        {
            throw new BadRequestException($"{at}.content: Input should be a valid string or a valid list", "input");
        }

        var text = new StringBuilder();
        var j = 0;
        foreach (var part in content.EnumerateArray())
        {
            var type = part.ValueKind == JsonValueKind.Object && part.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
            var piece = type switch
            {
                "input_text" or "output_text" => Required(part, "text", $"{at}.content.{j}"),
                "refusal" => Required(part, "refusal", $"{at}.content.{j}"),
                "input_image" or "input_file" => "[" + type + "]",
                _ => throw new BadRequestException($"{at}.content.{j}: Input tag '{type}' found using 'type' does not match any of the expected tags", "input"),
            };
            text.Append(text.Length > 0 && piece.Length > 0 ? "\n" : "").Append(piece);
            j++;
        }

        return text.ToString();
    }

    private static ResponseFormat Format(JsonElement root)
    {
        if (!RequestParser.TryGetNonNull(root, "text", out var text) || !RequestParser.TryGetNonNull(text, "format", out var format))
        {
            return ResponseFormat.Text;
        }

        return (format.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null) switch
        {
            "text" => ResponseFormat.Text,
            "json_object" => throw new BadRequestException("json_object is not supported"),
            "json_schema" when RequestParser.TryGetNonNull(format, "schema", out var schema) && schema.ValueKind == JsonValueKind.Object =>
                new ResponseFormat(ResponseFormatKind.JsonSchema, schema.Clone()),
            "json_schema" => ResponseFormat.Text,
            var other => throw new BadRequestException($"text.format: Input tag '{other}' found using 'type' does not match any of the expected tags: 'text', 'json_schema', 'json_object'", "text"),
        };
    }

    internal static string Required(JsonElement obj, string name, string at)
    {
        if (!RequestParser.TryGetNonNull(obj, name, out var value))
        {
            throw new BadRequestException($"{at}.{name}: Field required", "input");
        }

        return value.ValueKind == JsonValueKind.String ? value.GetString()! : throw new BadRequestException($"{at}.{name}: Input should be a valid string", "input");
    }

    private static string? OptionalString(JsonElement root, string name) =>
        !RequestParser.TryGetNonNull(root, name, out var value) ? null
        : value.ValueKind == JsonValueKind.String ? value.GetString()
        : throw new BadRequestException($"{name}: Input should be a valid string", name);

    private static double? Number(JsonElement root, string name) =>
        !RequestParser.TryGetNonNull(root, name, out var value) ? null
        : value.ValueKind == JsonValueKind.Number ? value.GetDouble()
        : throw new BadRequestException($"{name}: Input should be a valid number", name);

    private static JsonElement? Element(JsonElement root, string name) =>
        RequestParser.TryGetNonNull(root, name, out var value) ? value.Clone() : null;
}
