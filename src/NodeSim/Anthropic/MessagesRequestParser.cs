using System.Text;
using System.Text.Json;

namespace GatoLink.NodeSim;

/// <summary>
/// Reads an Anthropic Messages body into the engine's request: the system prompt and content blocks become the
/// simulated chat template's messages, <c>tools</c>/<c>tool_choice</c> the engine's tool options. Refusals carry
/// Anthropic's wording (<c>field: reason</c>, e.g. <c>max_tokens: Field required</c>).
/// </summary>
internal static class MessagesRequestParser
{
    public static GenerationRequest Parse(JsonElement root, NodeSimOptions options)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new BadRequestException("Request body must be a JSON object.");
        }

        var model = RequiredString(root, "model");
        if (!options.Models.Contains(model, StringComparer.Ordinal))
        {
            throw new BadRequestException($"model: {model}", "model", StatusCodes.Status404NotFound);
        }

        if (!RequestParser.TryGetNonNull(root, "max_tokens", out var mt))
        {
            throw new BadRequestException("max_tokens: Field required", "max_tokens");
        }

        var maxTokens = mt.ValueKind == JsonValueKind.Number && mt.TryGetInt32(out var m)
            ? m >= 1 ? m : throw new BadRequestException("max_tokens: Input should be greater than or equal to 1", "max_tokens")
            : throw new BadRequestException("max_tokens: Input should be a valid integer", "max_tokens");

        var temperature = 1.0;
        if (RequestParser.TryGetNonNull(root, "temperature", out var t))
        {
            temperature = t.ValueKind == JsonValueKind.Number ? t.GetDouble() : throw new BadRequestException("temperature: Input should be a valid number", "temperature");
            if (temperature is < 0 or > 1)
            {
                throw new BadRequestException($"temperature: Input should be {(temperature < 0 ? "greater than or equal to 0" : "less than or equal to 1")}", "temperature");
            }
        }

        var stream = false;
        if (RequestParser.TryGetNonNull(root, "stream", out var s))
        {
            stream = s.ValueKind switch
            {
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                _ => throw new BadRequestException("stream: Input should be a valid boolean", "stream"),
            };
        }

        var ids = new List<int>();
        var tools = MessagesToolParser.Parse(root);
        if (RequestParser.TryGetNonNull(root, "tools", out var toolsJson))
        {
            // Tool definitions are part of the prompt the model reads, and are counted as input tokens.
            SimTokenizer.Tokenize(toolsJson.GetRawText(), ids);
        }

        var messages = ReadMessages(root);
        SimTokenizer.TokenizeChat(messages, addGenerationPrompt: true, ids);
        return new GenerationRequest(GenerationKind.Chat, model, ids, maxTokens, stream, IncludeUsage: true, ContinuousUsage: false, Seed: null)
        {
            Sampling = SamplingOptions.Default with { Temperature = temperature, Stop = StopSequences(root) },
            Tools = tools,
            ToolCallIdPrefix = "toolu_",
            LastUserMessage = messages.LastOrDefault(x => x.Role == "user").Content ?? "",
        };
    }

    private static List<SimChatMessage> ReadMessages(JsonElement root)
    {
        var list = new List<SimChatMessage>();
        if (RequestParser.TryGetNonNull(root, "system", out var system))
        {
            list.Add(new SimChatMessage("system", system.ValueKind == JsonValueKind.String ? system.GetString()! : BlocksText(system, "system")));
        }

        if (!RequestParser.TryGetNonNull(root, "messages", out var messages))
        {
            throw new BadRequestException("messages: Field required", "messages");
        }

        if (messages.ValueKind != JsonValueKind.Array)
        {
            throw new BadRequestException("messages: Input should be a valid list", "messages");
        }

        if (messages.GetArrayLength() == 0)
        {
            throw new BadRequestException("messages: at least one message is required", "messages");
        }

        var i = 0;
        foreach (var message in messages.EnumerateArray())
        {
            var at = $"messages.{i++}";
            if (message.ValueKind != JsonValueKind.Object)
            {
                throw new BadRequestException($"{at}: Input should be a valid dictionary", "messages");
            }

            var role = message.TryGetProperty("role", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString() : null;
            if (role is not ("user" or "assistant"))
            {
                throw new BadRequestException($"{at}.role: Input should be 'user' or 'assistant'", "messages");
            }

            if (!RequestParser.TryGetNonNull(message, "content", out var content))
            {
                throw new BadRequestException($"{at}.content: Field required", "messages");
            }

            list.Add(new SimChatMessage(role, content.ValueKind == JsonValueKind.String ? content.GetString()! : BlocksText(content, $"{at}.content")));
        }

        return list;
    }

    /// <summary>
    /// The text the model reads from a list of content blocks: text as written, a tool call as its name and input,
    /// a tool result as its content; an image as a placeholder word (the simulator does not see pictures).
    /// </summary>
    private static string BlocksText(JsonElement blocks, string at)
    {
        if (blocks.ValueKind != JsonValueKind.Array)
        {
            throw new BadRequestException($"{at}: Input should be a valid string or list of content blocks", "messages");
        }

        var text = new StringBuilder();
        var i = 0;
        foreach (var block in blocks.EnumerateArray())
        {
            var type = block.ValueKind == JsonValueKind.Object && block.TryGetProperty("type", out var ty) && ty.ValueKind == JsonValueKind.String ? ty.GetString() : null;
            var piece = type switch
            {
                "text" => RequiredString(block, "text", $"{at}.{i}."),
                "image" or "document" => "[" + type + "]",
                "tool_use" => RequiredString(block, "name", $"{at}.{i}.") + " " + (block.TryGetProperty("input", out var input) ? input.GetRawText() : "{}"),
                "tool_result" => block.TryGetProperty("content", out var c)
                    ? c.ValueKind == JsonValueKind.String ? c.GetString()! : c.ValueKind == JsonValueKind.Array ? BlocksText(c, $"{at}.{i}.content") : ""
                    : "",
                "thinking" or "redacted_thinking" => "",
                _ => throw new BadRequestException($"{at}.{i}: Input tag '{type}' found using 'type' does not match any of the expected tags", "messages"),
            };
            if (text.Length > 0 && piece.Length > 0)
            {
                text.Append('\n');
            }

            text.Append(piece);
            i++;
        }

        return text.ToString();
    }

    private static string[] StopSequences(JsonElement root)
    {
        if (!RequestParser.TryGetNonNull(root, "stop_sequences", out var stops))
        {
            return [];
        }

        if (stops.ValueKind != JsonValueKind.Array || stops.EnumerateArray().Any(x => x.ValueKind != JsonValueKind.String))
        {
            throw new BadRequestException("stop_sequences: Input should be a valid list of strings", "stop_sequences");
        }

        return [.. stops.EnumerateArray().Select(x => x.GetString()!)];
    }

    internal static string RequiredString(JsonElement obj, string name, string at = "")
    {
        if (!RequestParser.TryGetNonNull(obj, name, out var value))
        {
            throw new BadRequestException($"{at}{name}: Field required", name);
        }

        return value.ValueKind == JsonValueKind.String ? value.GetString()! : throw new BadRequestException($"{at}{name}: Input should be a valid string", name);
    }
}
