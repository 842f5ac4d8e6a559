using System.Text.Json;
using System.Text.Unicode;

namespace GatoLink.Gateway.OpenAi;

/// <summary>
/// Reads only the top-level fields that routing needs, with <see cref="Utf8JsonReader"/>, and
/// validates their types. Everything else in the body is forwarded untouched, so the whole body is
/// checked to be UTF-8 first: the reader skips string contents it does not decode, and a node would
/// otherwise be the one to refuse them.
/// </summary>
public static class InferenceRequestParser
{
    /// <summary>Parses <paramref name="body"/>; returns null and sets <paramref name="error"/> on bad input.</summary>
    public static ParsedRequest? Parse(ReadOnlySpan<byte> body, InferenceKind kind, out RequestParseError? error)
    {
        error = null;
        var result = new ParsedRequest();
        var promptProperty = kind switch
        {
            InferenceKind.Chat => "messages"u8,
            InferenceKind.Completion => "prompt"u8,
            _ => "input"u8,
        };
        if (!Utf8.IsValid(body))
        {
            error = new RequestParseError("The request body is not valid UTF-8.", null);
            return null;
        }

        var sawPrompt = false;
        try
        {
            var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = 64 });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                error = new RequestParseError("The request body must be a JSON object.", null);
                return null;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("model"u8))
                {
                    reader.Read();
                    if (reader.TokenType != JsonTokenType.String)
                    {
                        error = new RequestParseError("'model' must be a string.", "model");
                        return null;
                    }

                    result.Model = reader.GetString() ?? "";
                    result.ModelRange = new Range((int)reader.TokenStartIndex, (int)reader.BytesConsumed);
                }
                else if (reader.ValueTextEquals("stream"u8))
                {
                    reader.Read();
                    if (reader.TokenType is not (JsonTokenType.True or JsonTokenType.False or JsonTokenType.Null))
                    {
                        error = new RequestParseError("'stream' must be a boolean.", "stream");
                        return null;
                    }

                    result.Stream = reader.TokenType == JsonTokenType.True;
                }
                else if (reader.ValueTextEquals("max_tokens"u8) || reader.ValueTextEquals("max_completion_tokens"u8))
                {
                    var isCompletionTokens = reader.ValueTextEquals("max_completion_tokens"u8);
                    var param = isCompletionTokens ? "max_completion_tokens" : "max_tokens";
                    reader.Read();
                    if (reader.TokenType == JsonTokenType.Null)
                    {
                        continue;
                    }

                    if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt32(out var max) || max < 1)
                    {
                        error = new RequestParseError($"'{param}' must be a positive integer.", param);
                        return null;
                    }

                    // max_completion_tokens supersedes max_tokens, as in OpenAI's API.
                    if (isCompletionTokens || result.MaxTokens is null)
                    {
                        result.MaxTokens = max;
                    }
                }
                else if (reader.ValueTextEquals("stream_options"u8))
                {
                    reader.Read();
                    if (reader.TokenType == JsonTokenType.Null)
                    {
                        continue;
                    }

                    if (reader.TokenType != JsonTokenType.StartObject)
                    {
                        error = new RequestParseError("'stream_options' must be an object.", "stream_options");
                        return null;
                    }

                    result.HasStreamOptions = true;
                    if (!ReadStreamOptions(ref reader, result, out error))
                    {
                        return null;
                    }
                }
                else if (reader.ValueTextEquals("tools"u8) || reader.ValueTextEquals("response_format"u8))
                {
                    reader.Read();
                    var start = reader.TokenStartIndex;
                    reader.Skip();
                    result.SchemaChars += (int)(reader.BytesConsumed - start);
                }
                else if (reader.ValueTextEquals("n"u8))
                {
                    // The node validates n (vLLM's message); here it only scales the output reservation.
                    reader.Read();
                    result.Choices = reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var n) && n > 1 ? n : 1;
                    reader.Skip(); // an object or array value is passed over whole (a no-op for a number)
                }
                else if (reader.ValueTextEquals("metadata"u8))
                {
                    if (!AttributionFields.ReadMetadata(ref reader, result, out error))
                    {
                        return null;
                    }
                }
                else if (reader.ValueTextEquals("user"u8))
                {
                    if (!AttributionFields.ReadUser(ref reader, result, out error))
                    {
                        return null;
                    }
                }
                else if (reader.ValueTextEquals(promptProperty))
                {
                    var name = reader.GetString()!;
                    reader.Read();
                    var start = (int)reader.TokenStartIndex;
                    if (!CountPrompt(ref reader, result, kind, name, out error))
                    {
                        return null;
                    }

                    result.PromptRange = new Range(start, (int)reader.BytesConsumed);
                    sawPrompt = true;
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }

            if (reader.TokenType != JsonTokenType.EndObject)
            {
                error = new RequestParseError("The request body must be a JSON object.", null);
                return null;
            }
        }
        catch (JsonException ex)
        {
            error = new RequestParseError($"The request body is not valid JSON: {ex.Message}", null);
            return null;
        }

        if (result.Model.Length == 0)
        {
            error = new RequestParseError("You must provide a model parameter.", "model");
            return null;
        }

        if (!sawPrompt)
        {
            var name = kind switch { InferenceKind.Chat => "messages", InferenceKind.Completion => "prompt", _ => "input" };
            error = new RequestParseError($"Missing required parameter: '{name}'.", name);
            return null;
        }

        return result;
    }

    private static bool ReadStreamOptions(ref Utf8JsonReader reader, ParsedRequest result, out RequestParseError? error)
    {
        error = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("include_usage"u8))
            {
                reader.Read();
                if (reader.TokenType is not (JsonTokenType.True or JsonTokenType.False or JsonTokenType.Null))
                {
                    error = new RequestParseError("'stream_options.include_usage' must be a boolean.", "stream_options.include_usage");
                    return false;
                }

                result.ClientWantsUsage = reader.TokenType == JsonTokenType.True;
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return true;
    }

    private static bool CountPrompt(ref Utf8JsonReader reader, ParsedRequest result, InferenceKind kind, string name, out RequestParseError? error)
    {
        error = null;
        switch (reader.TokenType)
        {
            case JsonTokenType.String when kind != InferenceKind.Chat:
                result.PromptChars += reader.HasValueSequence ? (int)reader.ValueSequence.Length : reader.ValueSpan.Length;
                result.PromptParts = 1;
                return true;
            case JsonTokenType.StartArray:
                break;
            default:
                error = new RequestParseError(kind == InferenceKind.Chat
                    ? "'messages' must be an array of message objects."
                    : $"'{name}' must be a string or an array.", name);
                return false;
        }

        var depth = reader.CurrentDepth;
        while (reader.Read() && !(reader.TokenType == JsonTokenType.EndArray && reader.CurrentDepth == depth))
        {
            if (reader.CurrentDepth == depth + 1 && reader.TokenType is not (JsonTokenType.EndObject or JsonTokenType.EndArray))
            {
                if (kind == InferenceKind.Chat && reader.TokenType != JsonTokenType.StartObject)
                {
                    error = new RequestParseError("Each message must be an object.", "messages");
                    return false;
                }

                result.PromptParts++;
            }

            if (reader.TokenType == JsonTokenType.String)
            {
                // Raw length is close enough for an estimate; escapes are rare in prompts.
                result.PromptChars += reader.ValueSpan.Length;
            }
            else if (reader.TokenType == JsonTokenType.Number && kind != InferenceKind.Chat)
            {
                // Token-id prompts: each number is one token, i.e. about four characters.
                result.PromptChars += 4;
            }
        }

        if (kind == InferenceKind.Chat && result.PromptParts == 0)
        {
            error = new RequestParseError("'messages' must contain at least one message.", "messages");
            return false;
        }

        return true;
    }
}
