using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using GatoLink.Gateway.Json;

namespace GatoLink.Gateway.OpenAi;

/// <summary>
/// The body sent to the node: the client's bytes untouched, except that a stream always asks
/// for usage and max_tokens may be capped by a budget. The common case is one byte insertion.
/// </summary>
public static class UpstreamBody
{
    private static readonly byte[] StreamOptionsInsert = "\"stream_options\":{\"include_usage\":true},"u8.ToArray();

    // The client's text goes to the node as the client wrote it: UTF-8 stays UTF-8 (the default encoder would turn
    // every non-ASCII character, and <, >, & and +, into \uXXXX escapes). This is a body for the node, never HTML.
    private static readonly JsonWriterOptions Faithful = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Builds the node's body from the client's.</summary>
    /// <param name="body">The client's body.</param>
    /// <param name="request">What was parsed from it.</param>
    /// <param name="canonicalModel">The model's canonical name; replaces an alias the client used.</param>
    /// <param name="cappedMaxTokens">A max_tokens lower than the client's, or null to keep it.</param>
    /// <param name="cacheSalt">The tenant's <c>cache_salt</c> (KV-cache isolation), or null to send none of ours.</param>
    public static ReadOnlyMemory<byte> Build(ReadOnlyMemory<byte> body, ParsedRequest request, string canonicalModel, int? cappedMaxTokens, string? cacheSalt = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!string.Equals(request.Model, canonicalModel, StringComparison.Ordinal))
        {
            body = Splice(body, request.ModelRange, JsonSerializer.SerializeToUtf8Bytes(canonicalModel, GatewayJsonContext.Default.String));
        }

        if (cacheSalt is not null)
        {
            // Last in the object: JSON parsers keep the last of duplicate names (Python's json, vLLM's), so a salt the
            // client sent itself cannot replace the tenant's. The body is an object with at least model and its prompt.
            var close = body.Span.LastIndexOf((byte)'}');
            var salt = Encoding.UTF8.GetBytes(",\"cache_salt\":\"" + cacheSalt + "\"");
            body = Splice(body, new Range(close, close), salt);
        }

        var needsUsage = request.Stream && !request.ClientWantsUsage;
        if (!needsUsage && cappedMaxTokens is null)
        {
            return body;
        }

        if (cappedMaxTokens is null && !request.HasStreamOptions)
        {
            // Insert right after the opening brace: valid JSON whatever follows.
            var brace = body.Span.IndexOf((byte)'{');
            return Splice(body, new Range(brace + 1, brace + 1), StreamOptionsInsert);
        }

        // Rare: rewrite through a DOM. Field order, unknown fields, number spellings and UTF-8 text survive.
        var node = JsonNode.Parse(body.Span) as JsonObject
            ?? throw new JsonException("The request body must be a JSON object.");
        if (needsUsage)
        {
            if (node["stream_options"] is not JsonObject options)
            {
                options = new JsonObject();
                node["stream_options"] = options;
            }

            options["include_usage"] = true;
        }

        if (cappedMaxTokens is { } cap)
        {
            if (node.ContainsKey("max_completion_tokens"))
            {
                node["max_completion_tokens"] = cap;
            }

            node["max_tokens"] = cap;
        }

        var buffer = new ArrayBufferWriter<byte>(body.Length + 64);
        using (var writer = new Utf8JsonWriter(buffer, Faithful))
        {
            node.WriteTo(writer);
        }

        return buffer.WrittenMemory;
    }

    private static byte[] Splice(ReadOnlyMemory<byte> body, Range range, ReadOnlySpan<byte> replacement)
    {
        var (start, length) = range.GetOffsetAndLength(body.Length);
        var span = body.Span;
        var copy = new byte[body.Length - length + replacement.Length];
        span[..start].CopyTo(copy);
        replacement.CopyTo(copy.AsSpan(start));
        span[(start + length)..].CopyTo(copy.AsSpan(start + replacement.Length));
        return copy;
    }
}
