using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace GatoLink.Gateway.AnthropicApi;

/// <summary>How the Messages surface writes JSON: UTF-8 text as the client and the node wrote it, and SSE events.</summary>
internal static class AnthropicJson
{
    /// <summary>Text stays UTF-8 (the default encoder escapes every non-ASCII character); these bodies are never HTML.</summary>
    public static readonly JsonWriterOptions Faithful = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The same for a node written as a JSON text.</summary>
    public static readonly JsonSerializerOptions FaithfulText = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Writes <c>event: name</c>, then the JSON that <paramref name="write"/> produces as its data, then the blank line.</summary>
    public static void WriteEvent<TState>(IBufferWriter<byte> output, Utf8JsonWriter json, ReadOnlySpan<byte> name, TState state, Action<Utf8JsonWriter, TState> write)
    {
        output.Write("event: "u8);
        output.Write(name);
        output.Write("\ndata: "u8);
        json.Reset(output);
        write(json, state);
        json.Flush();
        output.Write("\n\n"u8);
    }

    /// <summary>One JSON value written by <paramref name="write"/>, as bytes.</summary>
    public static byte[] ToBytes<TState>(TState state, Action<Utf8JsonWriter, TState> write)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer, Faithful))
        {
            write(json, state);
        }

        return buffer.WrittenSpan.ToArray();
    }
}
