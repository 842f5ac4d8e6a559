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
        var first = true;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            info.HasChoices = true;
            if (first && reader.TokenType == JsonTokenType.StartObject)
            {
                ReadChoice(ref reader, ref info);
            }
            else
            {
                reader.Skip();
            }

            first = false;
        }
    }

    private static void ReadChoice(ref Utf8JsonReader reader, ref ChunkInfo info)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("text"u8))
            {
                reader.Read();
                info.HasContent |= reader.TokenType == JsonTokenType.String && reader.ValueSpan.Length > 0;
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
                    var isContent = reader.ValueTextEquals("content"u8) || reader.ValueTextEquals("reasoning_content"u8);
                    reader.Read();
                    if (isContent && reader.TokenType == JsonTokenType.String && reader.ValueSpan.Length > 0)
                    {
                        info.HasContent = true;
                    }

                    reader.Skip();
                }
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
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
