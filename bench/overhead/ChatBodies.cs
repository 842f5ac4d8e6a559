using System.Buffers;
using System.Text.Json;

namespace GatoLink.Bench.Overhead;

/// <summary>Request bodies of streaming chat completions: a short fixed prompt, or random words of a given size, new
/// for every request so that no two prompts share a prefix (no prefix-cache hit anywhere, in the node or in placement).</summary>
public sealed class ChatBodies(string model)
{
    private const string Letters = "abcdefghijklmnopqrstuvwxyz";

    /// <summary>A streaming chat body whose user message is <paramref name="promptBytes"/> bytes of random lowercase words
    /// (1 to 8 letters, about 4 characters a token), or the short fixed prompt when 0. Built before the clock starts.</summary>
    public byte[] Create(int promptBytes)
    {
        var buffer = new ArrayBufferWriter<byte>(promptBytes + 256);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("model", model);
            json.WriteBoolean("stream", true);
            json.WriteNumber("max_tokens", 16);
            json.WriteStartArray("messages");
            json.WriteStartObject();
            json.WriteString("role", "user");
            json.WriteString("content", promptBytes == 0 ? "Say something short about GPUs." : RandomWords(promptBytes));
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static string RandomWords(int length)
    {
        var text = new char[length];
        var i = 0;
        while (i < length)
        {
            var word = Random.Shared.Next(1, 9);
            for (var j = 0; j < word && i < length; j++)
            {
                text[i++] = Letters[Random.Shared.Next(Letters.Length)];
            }

            if (i < length)
            {
                text[i++] = ' ';
            }
        }

        return new string(text);
    }
}
