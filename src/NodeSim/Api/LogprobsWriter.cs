using System.Text;
using System.Text.Json;

namespace GatoLink.NodeSim;

/// <summary>Writes a choice's <c>logprobs</c> object in vLLM's chat shape or the legacy completions shape.</summary>
internal static class LogprobsWriter
{
    /// <summary>Logprobs of tokens [<paramref name="from"/>, <paramref name="to"/>) of <paramref name="choice"/>.</summary>
    /// <param name="textOffsets">Per choice, the character offset of its next token (completions' text_offset); advanced here.</param>
    public static void Write(Utf8JsonWriter json, bool chat, int top, ChoicePlan choice, int from, int to, int[] textOffsets)
    {
        json.WriteStartObject("logprobs");
        if (chat)
        {
            WriteChat(json, top, choice, from, to);
        }
        else
        {
            WriteLegacy(json, top, choice, from, to, textOffsets);
        }

        json.WriteEndObject();
    }

    private static void WriteChat(Utf8JsonWriter json, int top, ChoicePlan choice, int from, int to)
    {
        json.WriteStartArray("content");
        for (var t = from; t < to; t++)
        {
            var text = choice.Tokens[t];
            json.WriteStartObject();
            WriteTokenEntry(json, text, SimLogprobs.Of(choice.LogprobSeed, t));
            json.WriteStartArray("top_logprobs");
            SimLogprobs.Top(choice.LogprobSeed, t, text, top, json, static (w, alt, lp) =>
            {
                w.WriteStartObject();
                WriteTokenEntry(w, alt, lp);
                w.WriteEndObject();
            });
            json.WriteEndArray();
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    private static void WriteLegacy(Utf8JsonWriter json, int top, ChoicePlan choice, int from, int to, int[] textOffsets)
    {
        json.WriteStartArray("text_offset");
        for (var t = from; t < to; t++)
        {
            json.WriteNumberValue(textOffsets[choice.Index]);
            textOffsets[choice.Index] += choice.Tokens[t].Length;
        }

        json.WriteEndArray();
        json.WriteStartArray("token_logprobs");
        for (var t = from; t < to; t++)
        {
            json.WriteNumberValue(SimLogprobs.Of(choice.LogprobSeed, t));
        }

        json.WriteEndArray();
        json.WriteStartArray("tokens");
        for (var t = from; t < to; t++)
        {
            json.WriteStringValue(choice.Tokens[t]);
        }

        json.WriteEndArray();
        json.WriteStartArray("top_logprobs");
        for (var t = from; t < to; t++)
        {
            json.WriteStartObject();
            SimLogprobs.Top(choice.LogprobSeed, t, choice.Tokens[t], top, json, static (w, alt, lp) => w.WriteNumber(alt, lp));
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    private static void WriteTokenEntry(Utf8JsonWriter json, string token, double logprob)
    {
        json.WriteString("token", token);
        json.WriteNumber("logprob", logprob);
        json.WriteStartArray("bytes");
        foreach (var b in Encoding.UTF8.GetBytes(token))
        {
            json.WriteNumberValue(b);
        }

        json.WriteEndArray();
    }
}
