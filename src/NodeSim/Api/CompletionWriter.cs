using System.Buffers;
using System.IO.Pipelines;
using System.Text.Json;

namespace GatoLink.NodeSim;

/// <summary>Hand-written JSON for chat/completion responses and SSE chunks, straight into the response pipe.</summary>
internal sealed class CompletionWriter : IDisposable
{
    private static readonly byte[] s_dataPrefix = "data: "u8.ToArray();
    private static readonly byte[] s_eventEnd = "\n\n"u8.ToArray();
    private static readonly byte[] s_done = "data: [DONE]\n\n"u8.ToArray();

    private readonly PipeWriter _pipe;
    private readonly Utf8JsonWriter _json;
    private readonly GenerationRequest _request;
    private readonly string _id;
    private readonly long _created;
    private readonly int _promptTokens;

    public CompletionWriter(HttpContext context, GenerationRequest request, long created)
    {
        _pipe = context.Response.BodyWriter;
        _json = new Utf8JsonWriter((IBufferWriter<byte>)_pipe);
        _request = request;
        _created = created;
        _promptTokens = request.PromptIds.Count;
        _id = (request.Kind == GenerationKind.Chat ? "chatcmpl-" : "cmpl-") + Guid.NewGuid().ToString("N");
    }

    private bool IsChat => _request.Kind == GenerationKind.Chat;

    /// <summary>vLLM's first chat chunk: the assistant role with empty content.</summary>
    public ValueTask<FlushResult> WriteRoleChunkAsync(CancellationToken ct)
    {
        BeginChunk();
        _json.WriteStartArray("choices");
        _json.WriteStartObject();
        _json.WriteNumber("index", 0);
        _json.WriteStartObject("delta");
        _json.WriteString("role", "assistant");
        _json.WriteString("content", string.Empty);
        _json.WriteEndObject();
        _json.WriteNull("logprobs");
        _json.WriteNull("finish_reason");
        _json.WriteEndObject();
        _json.WriteEndArray();
        if (_request.ContinuousUsage)
        {
            WriteUsage(0);
        }

        return EndChunkAsync(ct);
    }

    public ValueTask<FlushResult> WriteTokenChunkAsync(string text, FinishReason? finish, int completionTokens, CancellationToken ct)
    {
        BeginChunk();
        _json.WriteStartArray("choices");
        _json.WriteStartObject();
        _json.WriteNumber("index", 0);
        if (IsChat)
        {
            _json.WriteStartObject("delta");
            _json.WriteString("content", text);
            _json.WriteEndObject();
        }
        else
        {
            _json.WriteString("text", text);
        }

        _json.WriteNull("logprobs");
        WriteFinish(finish);
        _json.WriteEndObject();
        _json.WriteEndArray();
        if (_request.ContinuousUsage)
        {
            WriteUsage(completionTokens);
        }

        return EndChunkAsync(ct);
    }

    /// <summary>The include_usage chunk: empty choices, full usage.</summary>
    public ValueTask<FlushResult> WriteUsageChunkAsync(int completionTokens, CancellationToken ct)
    {
        BeginChunk();
        _json.WriteStartArray("choices");
        _json.WriteEndArray();
        WriteUsage(completionTokens);
        return EndChunkAsync(ct);
    }

    public ValueTask<FlushResult> WriteDoneAsync(CancellationToken ct)
    {
        _pipe.Write(s_done);
        return _pipe.FlushAsync(ct);
    }

    public ValueTask<FlushResult> WriteFullResponseAsync(string text, FinishReason finish, int completionTokens, CancellationToken ct)
    {
        _json.Reset(_pipe);
        _json.WriteStartObject();
        _json.WriteString("id", _id);
        _json.WriteString("object", IsChat ? "chat.completion" : "text_completion");
        _json.WriteNumber("created", _created);
        _json.WriteString("model", _request.Model);
        _json.WriteStartArray("choices");
        _json.WriteStartObject();
        _json.WriteNumber("index", 0);
        if (IsChat)
        {
            _json.WriteStartObject("message");
            _json.WriteString("role", "assistant");
            _json.WriteString("content", text);
            _json.WriteStartArray("tool_calls");
            _json.WriteEndArray();
            _json.WriteEndObject();
        }
        else
        {
            _json.WriteString("text", text);
        }

        _json.WriteNull("logprobs");
        WriteFinish(finish);
        _json.WriteEndObject();
        _json.WriteEndArray();
        WriteUsage(completionTokens);
        _json.WriteEndObject();
        _json.Flush();
        return _pipe.FlushAsync(ct);
    }

    public void Dispose() => _json.Dispose();

    private void BeginChunk()
    {
        _pipe.Write(s_dataPrefix);
        _json.Reset(_pipe);
        _json.WriteStartObject();
        _json.WriteString("id", _id);
        _json.WriteString("object", IsChat ? "chat.completion.chunk" : "text_completion");
        _json.WriteNumber("created", _created);
        _json.WriteString("model", _request.Model);
    }

    private ValueTask<FlushResult> EndChunkAsync(CancellationToken ct)
    {
        _json.WriteEndObject();
        _json.Flush();
        _pipe.Write(s_eventEnd);
        return _pipe.FlushAsync(ct);
    }

    private void WriteFinish(FinishReason? finish)
    {
        if (finish is { } reason)
        {
            _json.WriteString("finish_reason", reason == FinishReason.Stop ? "stop" : "length");
        }
        else
        {
            _json.WriteNull("finish_reason");
        }

        _json.WriteNull("stop_reason");
    }

    private void WriteUsage(int completionTokens)
    {
        _json.WriteStartObject("usage");
        _json.WriteNumber("prompt_tokens", _promptTokens);
        _json.WriteNumber("total_tokens", _promptTokens + completionTokens);
        _json.WriteNumber("completion_tokens", completionTokens);
        _json.WriteEndObject();
    }
}
