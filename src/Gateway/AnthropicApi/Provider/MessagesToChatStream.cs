using System.Buffers;
using System.Text.Json;
using GatoLink.Gateway.Proxy;

namespace GatoLink.Gateway.AnthropicApi.Provider;

/// <summary>
/// An Anthropic provider's stream as the chat-completion stream a vLLM node would have sent, event by event, so that
/// everything downstream of the node (usage reading, billing of broken streams, the client's own dialect) is the chat
/// path: <c>message_start</c> is the role chunk, each <c>text_delta</c> a content chunk, a <c>tool_use</c> block's start
/// and each <c>input_json_delta</c> tool-call deltas, <c>message_delta</c> the finish reason, <c>message_stop</c> the
/// usage chunk (<c>include_usage</c>'s shape) and <c>[DONE]</c>; an <c>error</c> event is an error chunk; <c>ping</c>
/// and block stops write nothing. One per attempt.
/// </summary>
public sealed class MessagesToChatStream
{
    private readonly string _id;
    private readonly long _created;
    private readonly Dictionary<long, int> _toolOfBlock = [];
    private string _model = "";
    private MessagesUsage _usage;

    /// <summary>Creates the translator of one attempt; chunks carry <paramref name="id"/> and <paramref name="created"/>.</summary>
    public MessagesToChatStream(string id, long created)
    {
        _id = id;
        _created = created;
    }

    /// <summary>The usage the provider reported so far (cumulative, as Anthropic reports it).</summary>
    public MessagesUsage Usage => _usage;

    /// <summary>Translates one provider event (its <c>event:</c> and <c>data:</c> lines) into zero or more chat SSE events.</summary>
    public void Translate(ReadOnlySpan<byte> providerEvent, IBufferWriter<byte> output)
    {
        if (!SseEvents.TryGetData(providerEvent, out var data, out var joined))
        {
            return;
        }

        try
        {
            var reader = new Utf8JsonReader(data);
            using var doc = JsonDocument.ParseValue(ref reader);
            Translate(doc.RootElement, output);
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            // Not an event of the Messages API: an error chunk, so the attempt is billed and ended as the node's error.
            Write(output, ex.Message, static (json, message) =>
            {
                json.WriteStartObject();
                json.WriteStartObject("error"u8);
                json.WriteString("message"u8, "The provider sent an event that is not the Messages API's: " + message);
                json.WriteString("type"u8, "api_error"u8);
                json.WriteEndObject();
                json.WriteEndObject();
            });
        }
        finally
        {
            if (joined is not null)
            {
                ArrayPool<byte>.Shared.Return(joined);
            }
        }
    }

    private void Translate(JsonElement evt, IBufferWriter<byte> output)
    {
        switch (evt.TryGetProperty("type", out var t) ? t.GetString() : null)
        {
            case "message_start":
                var message = evt.GetProperty("message");
                _model = message.TryGetProperty("model", out var model) ? model.GetString() ?? "" : "";
                _usage = MessagesUsage.Read(message.TryGetProperty("usage", out var startUsage) ? startUsage : default);
                Chunk(output, evt, static (json, _) =>
                {
                    json.WriteString("role"u8, "assistant"u8);
                    json.WriteString("content"u8, ""u8);
                });
                break;
            case "content_block_start" when evt.GetProperty("content_block") is var block && block.GetProperty("type").ValueEquals("tool_use"u8):
                var tool = _toolOfBlock.Count;
                _toolOfBlock[evt.GetProperty("index").GetInt64()] = tool;
                Chunk(output, (block, tool), static (json, s) => ToolDelta(json, s.tool, s.block.GetProperty("id").GetString(), s.block.GetProperty("name").GetString(), ""));
                break;
            case "content_block_delta":
                var delta = evt.GetProperty("delta");
                switch (delta.GetProperty("type").GetString())
                {
                    case "text_delta":
                        Chunk(output, delta, static (json, d) => json.WriteString("content"u8, d.GetProperty("text").GetString()));
                        break;
                    case "thinking_delta":
                        Chunk(output, delta, static (json, d) => json.WriteString("reasoning_content"u8, d.GetProperty("thinking").GetString()));
                        break;
                    case "input_json_delta":
                        var index = _toolOfBlock.GetValueOrDefault(evt.GetProperty("index").GetInt64());
                        Chunk(output, (delta, index), static (json, s) => ToolDelta(json, s.index, null, null, s.delta.GetProperty("partial_json").GetString()));
                        break;
                }

                break;
            case "message_delta":
                _usage = MessagesUsage.Read(evt.TryGetProperty("usage", out var usage) ? usage : default, _usage);
                FinishChunk(output, evt);
                break;
            case "message_stop":
                WriteUsageChunk(output);
                output.Write("data: [DONE]\n\n"u8);
                break;
            case "error":
                Write(output, evt, static (json, e) =>
                {
                    json.WriteStartObject();
                    json.WriteStartObject("error"u8);
                    var error = e.GetProperty("error");
                    json.WriteString("message"u8, error.TryGetProperty("message", out var m) ? m.GetString() : "");
                    json.WriteString("type"u8, error.TryGetProperty("type", out var ty) ? ty.GetString() : "api_error");
                    json.WriteEndObject();
                    json.WriteEndObject();
                });
                break;
        }
    }

    private static void ToolDelta(Utf8JsonWriter json, int index, string? id, string? name, string? arguments)
    {
        json.WriteStartArray("tool_calls"u8);
        json.WriteStartObject();
        json.WriteNumber("index"u8, index);
        if (id is not null)
        {
            json.WriteString("id"u8, id);
            json.WriteString("type"u8, "function"u8);
        }

        json.WriteStartObject("function"u8);
        if (name is not null)
        {
            json.WriteString("name"u8, name);
        }

        json.WriteString("arguments"u8, arguments);
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteEndArray();
    }

    /// <summary>A chunk with one choice whose delta <paramref name="delta"/> writes.</summary>
    private void Chunk<TState>(IBufferWriter<byte> output, TState state, Action<Utf8JsonWriter, TState> delta) =>
        Write(output, (this, state, delta), static (json, s) =>
        {
            s.Item1.Head(json);
            json.WriteStartArray("choices"u8);
            json.WriteStartObject();
            json.WriteNumber("index"u8, 0);
            json.WriteStartObject("delta"u8);
            s.delta(json, s.state);
            json.WriteEndObject();
            json.WriteNull("logprobs"u8);
            json.WriteNull("finish_reason"u8);
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
        });

    /// <summary><c>message_delta</c>: an empty delta with the finish reason and the matched stop sequence.</summary>
    private void FinishChunk(IBufferWriter<byte> output, JsonElement evt) =>
        Write(output, (this, evt), static (json, s) =>
        {
            s.Item1.Head(json);
            json.WriteStartArray("choices"u8);
            json.WriteStartObject();
            json.WriteNumber("index"u8, 0);
            json.WriteStartObject("delta"u8);
            json.WriteEndObject();
            json.WriteNull("logprobs"u8);
            var delta = s.evt.GetProperty("delta");
            var stop = delta.TryGetProperty("stop_reason", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString() : null;
            json.WriteString("finish_reason"u8, StopReasons.ToFinishReason(stop));
            MessagesToChatAnswer.WriteStopSequence(json, delta);
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
        });

    private void WriteUsageChunk(IBufferWriter<byte> output) =>
        Write(output, this, static (json, self) =>
        {
            self.Head(json);
            json.WriteStartArray("choices"u8);
            json.WriteEndArray();
            self._usage.WriteChat(json);
            json.WriteEndObject();
        });

    private void Head(Utf8JsonWriter json)
    {
        json.WriteStartObject();
        json.WriteString("id"u8, _id);
        json.WriteString("object"u8, "chat.completion.chunk"u8);
        json.WriteNumber("created"u8, _created);
        json.WriteString("model"u8, _model);
    }

    private static void Write<TState>(IBufferWriter<byte> output, TState state, Action<Utf8JsonWriter, TState> write)
    {
        output.Write("data: "u8);
        using (var json = new Utf8JsonWriter(output, AnthropicJson.Faithful))
        {
            write(json, state);
        }

        output.Write("\n\n"u8);
    }
}
