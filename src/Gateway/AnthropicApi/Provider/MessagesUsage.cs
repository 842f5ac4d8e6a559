using System.Text.Json;

namespace GatoLink.Gateway.AnthropicApi.Provider;

/// <summary>
/// A Messages <c>usage</c> object as billing counts it: every input token (uncached, written to and read from the
/// provider's prompt cache) is a prompt token; <c>output_tokens</c> the completion. Anthropic's counts in a stream
/// are cumulative, so a later reading replaces an earlier one field by field.
/// </summary>
public readonly record struct MessagesUsage(long Input, long CacheCreation, long CacheRead, long Output)
{
    /// <summary>Chat's <c>prompt_tokens</c>.</summary>
    public long PromptTokens => Input + CacheCreation + CacheRead;

    /// <summary>Reads a <c>usage</c> object over <paramref name="previous"/>: fields it lacks keep their earlier values.</summary>
    public static MessagesUsage Read(JsonElement usage, MessagesUsage previous = default) => usage.ValueKind != JsonValueKind.Object
        ? previous
        : new MessagesUsage(
            Field(usage, "input_tokens") ?? previous.Input,
            Field(usage, "cache_creation_input_tokens") ?? previous.CacheCreation,
            Field(usage, "cache_read_input_tokens") ?? previous.CacheRead,
            Field(usage, "output_tokens") ?? previous.Output);

    /// <summary>Writes chat's <c>usage</c> object (cached reads as <c>prompt_tokens_details.cached_tokens</c>).</summary>
    public void WriteChat(Utf8JsonWriter json)
    {
        ArgumentNullException.ThrowIfNull(json);
        json.WriteStartObject("usage"u8);
        json.WriteNumber("prompt_tokens"u8, PromptTokens);
        json.WriteNumber("completion_tokens"u8, Output);
        json.WriteNumber("total_tokens"u8, PromptTokens + Output);
        json.WriteStartObject("prompt_tokens_details"u8);
        json.WriteNumber("cached_tokens"u8, CacheRead);
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static long? Field(JsonElement usage, string name) =>
        usage.TryGetProperty(name, out var value) && value.TryGetInt64(out var n) ? n : null;
}
