using System.Buffers;
using System.Security.Cryptography;
using System.Text.Json;
using GatoLink.Gateway.OpenAi;

namespace GatoLink.Gateway.Cache;

/// <summary>
/// The exact-match key of a request: SHA-256 of its canonical form after alias resolution (the canonical model name,
/// every other top-level field with object keys sorted at every depth), under the authenticated tenant. Fields that do
/// not change the output (<c>stream_options</c>, <c>user</c>, <c>metadata</c>, <c>store</c>) are left out; everything
/// else (messages, temperature, top_p, max_tokens, stop, n, tools, tool_choice, response_format, seed, logprobs, and
/// any field a node may honour) is in, so two requests whose output may differ never share an entry. <c>stream</c> is
/// in: a streamed answer is kept as its events and replayed as them.
/// </summary>
public static class ExactKey
{
    private static readonly string[] Ignored = ["model", "stream_options", "user", "metadata", "store"];

    /// <summary>
    /// The fingerprint of <paramref name="body"/> (already validated JSON) of <paramref name="tenantId"/>: its entry key,
    /// whether its output is sampled (a temperature above 0, OpenAI's default 1 when absent, without a <c>seed</c>), the
    /// semantic partition (the same hash without the messages) and the question of a single-turn chat without tools.
    /// </summary>
    public static RequestFingerprint Compute(Guid tenantId, InferenceKind kind, string canonicalModel, ReadOnlySpan<byte> body)
    {
        using var document = JsonDocument.Parse(body.ToArray());
        var root = document.RootElement;
        var whole = new ArrayBufferWriter<byte>(body.Length + 64);
        var parameters = new ArrayBufferWriter<byte>(256);
        using (var all = new Utf8JsonWriter(whole))
        using (var some = new Utf8JsonWriter(parameters))
        {
            all.WriteStartObject();
            some.WriteStartObject();
            foreach (var writer in (Utf8JsonWriter[])[all, some])
            {
                writer.WriteString("#kind", kind.ToString());
                writer.WriteString("#model", canonicalModel);
            }

            foreach (var property in root.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal))
            {
                if (Array.IndexOf(Ignored, property.Name) >= 0)
                {
                    continue;
                }

                all.WritePropertyName(property.Name);
                WriteCanonical(all, property.Value);
                if (property.Name is not ("messages" or "prompt" or "input"))
                {
                    some.WritePropertyName(property.Name);
                    WriteCanonical(some, property.Value);
                }
            }

            all.WriteEndObject();
            some.WriteEndObject();
        }

        var key = $"gl:rc:{tenantId:N}:{Convert.ToHexStringLower(SHA256.HashData(whole.WrittenSpan))}";
        var partition = $"{tenantId:N}:{Convert.ToHexStringLower(SHA256.HashData(parameters.WrittenSpan))}";
        var sampled = kind != InferenceKind.Embedding && IsSampled(root);
        return new RequestFingerprint(key, sampled, partition, kind == InferenceKind.Chat ? SingleTurnQuestion(root) : null);
    }

    /// <summary>The user's text of a chat with one user message (system messages allowed) and no tools; null otherwise.</summary>
    private static string? SingleTurnQuestion(JsonElement root)
    {
        if (root.TryGetProperty("tools", out var tools) && tools.ValueKind == JsonValueKind.Array && tools.GetArrayLength() > 0)
        {
            return null;
        }

        if (!root.TryGetProperty("messages", out var messages) || messages.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        string? question = null;
        foreach (var message in messages.EnumerateArray())
        {
            var role = message.ValueKind == JsonValueKind.Object && message.TryGetProperty("role", out var r) ? r.GetString() : null;
            if (role is "system" or "developer")
            {
                continue;
            }

            if (role != "user" || question is not null
                || !message.TryGetProperty("content", out var content) || content.ValueKind != JsonValueKind.String)
            {
                return null; // a second turn, an assistant or tool message, or content that is not plain text
            }

            question = content.GetString();
        }

        return string.IsNullOrWhiteSpace(question) ? null : question;
    }

    private static bool IsSampled(JsonElement root)
    {
        if (root.TryGetProperty("seed", out var seed) && seed.ValueKind == JsonValueKind.Number)
        {
            return false;
        }

        return !root.TryGetProperty("temperature", out var temperature)
            || temperature.ValueKind != JsonValueKind.Number
            || !temperature.TryGetDouble(out var t)
            || t > 0;
    }

    private static void WriteCanonical(Utf8JsonWriter writer, JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                writer.WriteStartObject();
                foreach (var property in value.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal))
                {
                    writer.WritePropertyName(property.Name);
                    WriteCanonical(writer, property.Value);
                }

                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in value.EnumerateArray())
                {
                    WriteCanonical(writer, item);
                }

                writer.WriteEndArray();
                break;
            default:
                // Strings are re-encoded (escapes normalised); numbers keep their spelling (1 and 1.0 may differ: a miss, never a wrong hit).
                value.WriteTo(writer);
                break;
        }
    }
}
