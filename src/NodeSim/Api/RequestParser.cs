using System.Text.Json;

namespace GatoLink.NodeSim;

/// <summary>Reads OpenAI request bodies leniently, the way vLLM's pydantic models accept them.</summary>
internal static class RequestParser
{
    public static GenerationRequest ParseGeneration(JsonElement root, GenerationKind kind, NodeSimOptions options)
    {
        RequireObject(root);
        var model = ResolveModel(root, options);
        var ids = new List<int>();
        var tools = ToolOptions.None;
        var lastUser = "";
        if (kind == GenerationKind.Chat)
        {
            tools = ToolRequestParser.ParseTools(root);
            if (tools.Mode != ToolChoiceMode.None)
            {
                // The chat template renders the tool definitions into the prompt, ahead of the messages.
                SimTokenizer.Tokenize(root.GetProperty("tools").GetRawText(), ids);
            }

            var messages = ReadMessages(root);
            lastUser = messages.LastOrDefault(m => m.Role == "user").Content ?? "";
            SimTokenizer.TokenizeChat(messages, addGenerationPrompt: true, ids);
        }
        else
        {
            ReadPrompt(root, ids);
        }

        int? maxTokens = null;
        if (TryGetNonNull(root, "max_completion_tokens", out var mct) || TryGetNonNull(root, "max_tokens", out mct))
        {
            maxTokens = mct.ValueKind == JsonValueKind.Number && mct.TryGetInt32(out var v) && v >= 1
                ? v
                : throw new BadRequestException("max_tokens must be an integer >= 1.", "max_tokens");
        }

        var stream = TryGetNonNull(root, "stream", out var s) && s.ValueKind == JsonValueKind.True;
        var includeUsage = false;
        var continuous = false;
        if (stream && TryGetNonNull(root, "stream_options", out var so) && so.ValueKind == JsonValueKind.Object)
        {
            includeUsage = TryGetNonNull(so, "include_usage", out var iu) && iu.ValueKind == JsonValueKind.True;

            // vLLM only honours continuous_usage_stats together with include_usage.
            continuous = includeUsage && TryGetNonNull(so, "continuous_usage_stats", out var cu) && cu.ValueKind == JsonValueKind.True;
        }

        long? seed = null;
        if (TryGetNonNull(root, "seed", out var sd))
        {
            seed = sd.ValueKind == JsonValueKind.Number && sd.TryGetInt64(out var seedValue)
                ? seedValue
                : throw new BadRequestException("seed must be a 64-bit integer.", "seed");
        }

        string? salt = null;
        if (TryGetNonNull(root, "cache_salt", out var cs))
        {
            // vLLM's check: a salt, when given, is a non-empty string.
            salt = cs.ValueKind == JsonValueKind.String && cs.GetString() is { Length: > 0 } text
                ? text
                : throw new BadRequestException("Parameter 'cache_salt' must be a non-empty string if provided.", "cache_salt");
        }

        return new GenerationRequest(kind, model, ids, maxTokens, stream, includeUsage, continuous, seed)
        {
            CacheSalt = salt,
            Sampling = SamplingParser.Parse(root, kind),
            Tools = tools,
            Format = ToolRequestParser.ParseResponseFormat(root),
            LastUserMessage = lastUser,
        };
    }

    public static string ResolveModel(JsonElement root, NodeSimOptions options)
    {
        if (!TryGetNonNull(root, "model", out var m))
        {
            return options.Models[0];
        }

        var name = m.ValueKind == JsonValueKind.String ? m.GetString()! : throw new BadRequestException("model must be a string.", "model");
        foreach (var known in options.Models)
        {
            if (string.Equals(known, name, StringComparison.Ordinal))
            {
                return known;
            }
        }

        throw new BadRequestException($"The model `{name}` does not exist.", "model", StatusCodes.Status404NotFound);
    }

    public static List<SimChatMessage> ReadMessages(JsonElement root)
    {
        if (!TryGetNonNull(root, "messages", out var messages) || messages.ValueKind != JsonValueKind.Array)
        {
            throw new BadRequestException("messages must be an array.", "messages");
        }

        var list = new List<SimChatMessage>(messages.GetArrayLength());
        foreach (var message in messages.EnumerateArray())
        {
            RequireObject(message);
            var role = TryGetNonNull(message, "role", out var r) && r.ValueKind == JsonValueKind.String
                ? r.GetString()!
                : throw new BadRequestException("Each message needs a string role.", "messages");
            list.Add(new SimChatMessage(role, ReadContent(message)));
        }

        return list;
    }

    public static void ReadPrompt(JsonElement root, List<int> ids)
    {
        if (!TryGetNonNull(root, "prompt", out var prompt))
        {
            throw new BadRequestException("prompt is required.", "prompt");
        }

        switch (prompt.ValueKind)
        {
            case JsonValueKind.String:
                SimTokenizer.Tokenize(prompt.GetString(), ids);
                return;

            // A list of strings is a batch in vLLM; the simulator serves the first prompt only.
            case JsonValueKind.Array when prompt.GetArrayLength() > 0 && prompt[0].ValueKind == JsonValueKind.String:
                SimTokenizer.Tokenize(prompt[0].GetString(), ids);
                return;
            case JsonValueKind.Array:
                foreach (var id in prompt.EnumerateArray())
                {
                    ids.Add(id.ValueKind == JsonValueKind.Number && id.TryGetInt32(out var v) ? v : throw new BadRequestException("prompt token ids must be integers.", "prompt"));
                }

                return;
            default:
                throw new BadRequestException("prompt must be a string or an array.", "prompt");
        }
    }

    public static bool TryGetNonNull(JsonElement obj, string name, out JsonElement value) =>
        obj.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null;

    public static void RequireObject(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new BadRequestException("Expected a JSON object.");
        }
    }

    private static string ReadContent(JsonElement message)
    {
        if (!TryGetNonNull(message, "content", out var content))
        {
            return string.Empty;
        }

        if (content.ValueKind == JsonValueKind.String)
        {
            return content.GetString()!;
        }

        if (content.ValueKind != JsonValueKind.Array)
        {
            throw new BadRequestException("content must be a string or an array of parts.", "messages");
        }

        var parts = new List<string>();
        foreach (var part in content.EnumerateArray())
        {
            if (part.ValueKind == JsonValueKind.Object && TryGetNonNull(part, "text", out var text) && text.ValueKind == JsonValueKind.String)
            {
                parts.Add(text.GetString()!);
            }
        }

        return string.Join('\n', parts);
    }
}
