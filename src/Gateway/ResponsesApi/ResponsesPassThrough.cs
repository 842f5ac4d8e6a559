using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using GatoLink.Gateway.AnthropicApi;
using GatoLink.Gateway.Proxy;

namespace GatoLink.Gateway.ResponsesApi;

/// <summary>
/// A Responses client on a node that serves <c>POST /v1/responses</c> itself (vLLM): the node gets a self-contained
/// request (<see cref="ResponsesNativeRequest"/>) and its response and events go to the client as the node wrote them,
/// but for the response object, which takes GatoLink's id, model name, <c>store</c> and <c>previous_response_id</c>
/// (in the whole answer and in <c>response.created</c>, <c>.in_progress</c> and <c>.completed</c>). The events are read
/// for usage: each text or arguments delta is a forwarded token, <c>response.completed</c> (or <c>.incomplete</c>,
/// <c>.failed</c>) the final usage and the end, held back until the usage is durable and the response stored; an
/// <c>error</c> event is the node's error. One per attempt.
/// </summary>
internal sealed class ResponsesPassThrough(ResponsesDialect dialect) : NodeProtocol, IStreamTranslator
{
    private byte[]? _replacement;
    private byte[] _end = [];

    /// <summary>The sequence number an event GatoLink adds after the node's last one takes.</summary>
    public int NextSequence { get; private set; }

    /// <inheritdoc />
    public override string Path(InferenceCall call) => "v1/responses";

    /// <inheritdoc />
    public override ReadOnlyMemory<byte> Body(InferenceCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        return dialect.NativeBody(call.UpstreamBody.Span);
    }

    /// <inheritdoc />
    public override bool Native => true;

    /// <inheritdoc />
    public override IStreamTranslator? NativeStream => this;

    /// <inheritdoc />
    public override ReadOnlyMemory<byte> NativeEnd => _end;

    /// <inheritdoc />
    public override ReadOnlyMemory<byte> Answer(ReadOnlyMemory<byte> answer)
    {
        var response = JsonNode.Parse(answer.Span);
        if (!ResponsesNativeRequest.Adopt(response, dialect.Id, dialect.Info))
        {
            return answer;
        }

        var bytes = JsonSerializer.SerializeToUtf8Bytes(response, AnthropicJson.FaithfulText);
        dialect.AnsweredNatively(bytes);
        return bytes;
    }

    /// <inheritdoc />
    public override ChunkInfo ReadAnswer(ReadOnlySpan<byte> answer)
    {
        var reader = new Utf8JsonReader(answer);
        using var doc = JsonDocument.ParseValue(ref reader);
        var root = doc.RootElement;
        return root.ValueKind != JsonValueKind.Object || (root.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object)
            ? new ChunkInfo { IsError = true }
            : Usage(root);
    }

    /// <inheritdoc />
    public override NativeEvent ReadEvent(ReadOnlySpan<byte> data)
    {
        var evt = JsonNode.Parse(data) as JsonObject;
        if (evt?["sequence_number"] is JsonValue sequence && sequence.TryGetValue<int>(out var number))
        {
            NextSequence = number + 1;
        }

        var type = evt?["type"] is JsonValue t && t.TryGetValue<string>(out var name) ? name : null;
        switch (type)
        {
            case "response.output_text.delta" or "response.function_call_arguments.delta" or "response.reasoning_text.delta" or "response.refusal.delta":
                return new NativeEvent(new ChunkInfo { HasChoices = true, TokenChoices = 1 }, End: false);
            case "response.created" or "response.in_progress":
                _replacement = Adopted(type, evt!, final: false);
                return default;
            case "response.completed" or "response.incomplete" or "response.failed":
                _end = Adopted(type, evt!, final: type != "response.failed");
                var info = evt!["response"] is JsonObject response ? Usage(JsonSerializer.SerializeToElement(response["usage"])) : default;
                info.IsError = type == "response.failed";
                return new NativeEvent(info, End: true);
            case "error":
                return new NativeEvent(new ChunkInfo { IsError = true }, End: false);
            default:
                return default;
        }
    }

    /// <inheritdoc />
    public void Translate(ReadOnlySpan<byte> nodeEvent, PipeWriter client)
    {
        if (_replacement is { } replacement)
        {
            client.Write(replacement);
            _replacement = null;
            return;
        }

        SseRelay.Write(client, nodeEvent);
    }

    /// <inheritdoc />
    public void Finish(PipeWriter client) => client.Write(_end);

    /// <summary>The event with its response adopted as GatoLink's, as SSE bytes; the final response is handed to the dialect to keep.</summary>
    private byte[] Adopted(string type, JsonObject evt, bool final)
    {
        var response = evt["response"];
        if (ResponsesNativeRequest.Adopt(response, dialect.Id, dialect.Info) && final)
        {
            dialect.AnsweredNatively(JsonSerializer.SerializeToUtf8Bytes(response, AnthropicJson.FaithfulText));
        }

        return Encoding.UTF8.GetBytes("event: " + type + "\ndata: " + evt.ToJsonString(AnthropicJson.FaithfulText) + "\n\n");
    }

    /// <summary>A response's (or its <c>usage</c> object's) input and output tokens.</summary>
    private static ChunkInfo Usage(JsonElement element)
    {
        var usage = element.ValueKind == JsonValueKind.Object && element.TryGetProperty("usage", out var inner) ? inner : element;
        if (usage.ValueKind != JsonValueKind.Object)
        {
            return default;
        }

        return new ChunkInfo
        {
            HasUsage = true,
            PromptTokens = usage.TryGetProperty("input_tokens", out var input) && input.TryGetInt32(out var i) ? i : 0,
            CompletionTokens = usage.TryGetProperty("output_tokens", out var output) && output.TryGetInt32(out var o) ? o : 0,
        };
    }
}
