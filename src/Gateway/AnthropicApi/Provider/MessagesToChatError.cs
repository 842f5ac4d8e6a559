using System.Buffers;
using System.Text.Json;

namespace GatoLink.Gateway.AnthropicApi.Provider;

/// <summary>
/// An Anthropic provider's error (<c>{"type":"error","error":{"type":…,"message":…}}</c>) in OpenAI's shape
/// (<c>{"error":{"message":…,"type":…,"param":null,"code":null}}</c>): a chat client of an <c>anthropic</c> node gets the
/// provider's words in the shape its SDK reads. Anthropic's error types that OpenAI also uses (e.g.
/// <c>invalid_request_error</c>) keep their name; a body that is not Anthropic's error says the provider refused.
/// </summary>
public static class MessagesToChatError
{
    /// <summary>The OpenAI-shaped body for the provider's error <paramref name="body"/>.</summary>
    public static byte[] Translate(ReadOnlySpan<byte> body)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartObject("error");
            writer.WriteString("message", AnthropicErrors.NodeMessage(body));
            writer.WriteString("type", TypeOf(body) ?? "invalid_request_error");
            writer.WriteNull("param");
            writer.WriteNull("code");
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static string? TypeOf(ReadOnlySpan<byte> body)
    {
        try
        {
            var reader = new Utf8JsonReader(body);
            using var doc = JsonDocument.ParseValue(ref reader);
            return doc.RootElement.ValueKind == JsonValueKind.Object
                && doc.RootElement.TryGetProperty("error", out var error)
                && error.ValueKind == JsonValueKind.Object
                && error.TryGetProperty("type", out var type)
                && type.ValueKind == JsonValueKind.String
                ? type.GetString()
                : null;
        }
        catch (JsonException)
        {
            // Not JSON: no type to keep; the caller names the generic one.
            return null;
        }
    }
}
