using System.Text.Json;

namespace GatoLink.Gateway.Proxy;

/// <summary>Reads tokens and usage from a node's JSON (one SSE chunk or a whole response) without allocating.</summary>
public static class ChunkInspector
{
    /// <summary>Inspects one JSON object; malformed JSON yields an empty result rather than an exception.</summary>
    public static ChunkInfo Inspect(ReadOnlySpan<byte> json)
    {
        var info = default(ChunkInfo);
        var reader = new Utf8JsonReader(json);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return info;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("choices"u8))
                {
                    reader.Read();
                    if (reader.TokenType == JsonTokenType.StartArray)
                    {
                        ReadChoices(ref reader, ref info);
                    }
                    else
                    {
                        reader.Skip();
                    }
                }
                else if (reader.ValueTextEquals("usage"u8))
                {
                    reader.Read();
                    if (reader.TokenType == JsonTokenType.StartObject)
                    {
                        ReadUsage(ref reader, ref info);
                    }
                    else
                    {
                        reader.Skip();
                    }
                }
                else if (reader.ValueTextEquals("error"u8))
                {
                    info.IsError = true;
                    reader.Read();
                    reader.Skip();
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }
        }
        catch (JsonException)
        {
            // A node that sends broken JSON gets it forwarded as is; we only lose the token count,
            // which falls back to the estimate. The caller logs the upstream outcome.
            return info;
        }

        return info;
    }

    private static void ReadChoices(ref Utf8JsonReader reader, ref ChunkInfo info)
    {
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            info.HasChoices = true;
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                continue;
            }

            if (ReadChoice(ref reader))
            {
                info.TokenChoices++;
            }
        }
    }

    /// <summary>
    /// Reads one choice; true when it carried generated text: <c>text</c>, <c>delta.content</c>,
    /// <c>delta.reasoning_content</c>, or a tool call's name or arguments in <c>delta.tool_calls</c>.
    /// </summary>
    private static bool ReadChoice(ref Utf8JsonReader reader)
    {
        var generated = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("text"u8))
            {
                reader.Read();
                generated |= IsNonEmptyString(ref reader);
            }
            else if (reader.ValueTextEquals("delta"u8))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    reader.Skip();
                    continue;
                }

                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    if (reader.ValueTextEquals("content"u8) || reader.ValueTextEquals("reasoning_content"u8))
                    {
                        reader.Read();
                        generated |= IsNonEmptyString(ref reader);
                    }
                    else if (reader.ValueTextEquals("tool_calls"u8))
                    {
                        reader.Read();
                        generated |= ReadToolCalls(ref reader);
                    }
                    else
                    {
                        reader.Read();
                        reader.Skip();
                    }
                }
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return generated;
    }

    /// <summary>True when a tool-call delta carries a function name or a non-empty piece of arguments.</summary>
    private static bool ReadToolCalls(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return false;
        }

        var generated = false;
        var depth = reader.CurrentDepth;
        while (reader.Read() && reader.CurrentDepth > depth)
        {
            // Only the function object's own name/arguments: array, call object, function object, its properties.
            if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == depth + 3
                && (reader.ValueTextEquals("arguments"u8) || reader.ValueTextEquals("name"u8)))
            {
                reader.Read();
                generated |= IsNonEmptyString(ref reader);
            }
        }

        return generated;
    }

    private static bool IsNonEmptyString(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            return reader.HasValueSequence ? reader.ValueSequence.Length > 0 : reader.ValueSpan.Length > 0;
        }

        reader.Skip();
        return false;
    }

    private static void ReadUsage(ref Utf8JsonReader reader, ref ChunkInfo info)
    {
        info.HasUsage = true;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("prompt_tokens"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var prompt))
                {
                    info.PromptTokens = prompt;
                }
            }
            else if (reader.ValueTextEquals("completion_tokens"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var completion))
                {
                    info.CompletionTokens = completion;
                }
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
    }
}
