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
    /// The entry key for <paramref name="body"/> (already validated JSON) of <paramref name="tenantId"/>, and whether
    /// its output is sampled (a temperature above 0, OpenAI's default 1 when absent, without a <c>seed</c>).
    /// </summary>
    public static (string Key, bool Sampled) Compute(Guid tenantId, InferenceKind kind, string canonicalModel, ReadOnlySpan<byte> body)
    {
        using var document = JsonDocument.Parse(body.ToArray());
        var root = document.RootElement;
        var buffer = new ArrayBufferWriter<byte>(body.Length + 64);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("#kind", kind.ToString());
            writer.WriteString("#model", canonicalModel);
            foreach (var property in root.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal))
            {
                if (Array.IndexOf(Ignored, property.Name) < 0)
                {
                    writer.WritePropertyName(property.Name);
                    WriteCanonical(writer, property.Value);
                }
            }

            writer.WriteEndObject();
        }

        var hash = SHA256.HashData(buffer.WrittenSpan);
        var key = $"gl:rc:{tenantId:N}:{Convert.ToHexStringLower(hash)}";
        return (key, kind != InferenceKind.Embedding && IsSampled(root));
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
