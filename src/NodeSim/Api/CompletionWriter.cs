using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using System.Text.Json;

namespace GatoLink.NodeSim;

/// <summary>Hand-written JSON for chat/completion responses and SSE chunks, straight into the response pipe.</summary>
/// <remarks>
/// Shapes follow vLLM's OpenAI server: in a stream every chunk carries one choice, a step of decoding sends one
/// chunk per choice; a tool call's first delta has its index, id, type, name and first piece of arguments, later
/// deltas only the index and more arguments; the last chunk of a choice carries its finish_reason.
/// </remarks>
internal sealed class CompletionWriter : IDisposable
{
    private static readonly byte[] s_dataPrefix = "data: "u8.ToArray();
    private static readonly byte[] s_eventEnd = "\n\n"u8.ToArray();
    private static readonly byte[] s_done = "data: [DONE]\n\n"u8.ToArray();

    // Python's json.dumps (vLLM) leaves quotes inside strings as \" rather than \u0022; JSON content reads as JSON.
    private static readonly JsonWriterOptions s_options = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly PipeWriter _pipe;
    private readonly Utf8JsonWriter _json;
    private readonly GenerationRequest _request;
    private readonly string _id;
    private readonly long _created;
    private readonly int _promptTokens;

    // Character offset of each choice's next token, for completions' text_offset.
    private readonly int[] _textOffsets;

    public CompletionWriter(HttpContext context, GenerationRequest request, long created)
    {
        _pipe = context.Response.BodyWriter;
        _json = new Utf8JsonWriter((IBufferWriter<byte>)_pipe, s_options);
        _request = request;
        _created = created;
        _promptTokens = request.PromptIds.Count;
        _textOffsets = new int[request.Sampling.N];
        _id = (request.Kind == GenerationKind.Chat ? "chatcmpl-" : "cmpl-") + Guid.NewGuid().ToString("N");
    }

    private bool IsChat => _request.Kind == GenerationKind.Chat;

    private bool Logprobs => _request.Sampling.Logprobs;

    /// <summary>vLLM's first chat chunk of a choice: the assistant role with empty content.</summary>
    public ValueTask<FlushResult> WriteRoleChunkAsync(int choice, CancellationToken ct)
    {
        BeginChunk();
        _json.WriteStartArray("choices");
        _json.WriteStartObject();
        _json.WriteNumber("index", choice);
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

    /// <summary>One token of one choice; the choice's last token also carries its finish_reason.</summary>
    public ValueTask<FlushResult> WriteTokenChunkAsync(ChoicePlan choice, int token, CancellationToken ct)
    {
        var last = token == choice.Tokens.Count - 1;
        var text = choice.Tokens[token];
        BeginChunk();
        _json.WriteStartArray("choices");
        _json.WriteStartObject();
        _json.WriteNumber("index", choice.Index);
        if (IsChat)
        {
            _json.WriteStartObject("delta");
            if (choice.ToolCalls.Count > 0)
            {
                WriteToolCallDelta(choice, token, text);
            }
            else
            {
                _json.WriteString("content", text);
            }

            _json.WriteEndObject();
        }
        else
        {
            _json.WriteString("text", text);
        }

        if (Logprobs)
        {
            LogprobsWriter.Write(_json, IsChat, _request.Sampling.TopLogprobs, choice, token, token + 1, _textOffsets);
        }
        else
        {
            _json.WriteNull("logprobs");
        }

        WriteFinish(last ? choice : null);
        _json.WriteEndObject();
        _json.WriteEndArray();
        if (_request.ContinuousUsage)
        {
            // vLLM reports the choice's own tokens so far in each chunk.
            WriteUsage(token + 1);
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

    public ValueTask<FlushResult> WriteFullResponseAsync(GenerationPlan plan, CancellationToken ct)
    {
        _json.Reset(_pipe);
        _json.WriteStartObject();
        _json.WriteString("id", _id);
        _json.WriteString("object", IsChat ? "chat.completion" : "text_completion");
        _json.WriteNumber("created", _created);
        _json.WriteString("model", _request.Model);
        _json.WriteStartArray("choices");
        foreach (var choice in plan.Choices)
        {
            _json.WriteStartObject();
            _json.WriteNumber("index", choice.Index);
            if (IsChat)
            {
                WriteMessage(choice);
            }
            else
            {
                _json.WriteString("text", string.Concat(choice.Tokens));
            }

            if (Logprobs)
            {
                LogprobsWriter.Write(_json, IsChat, _request.Sampling.TopLogprobs, choice, 0, choice.Tokens.Count, _textOffsets);
            }
            else
            {
                _json.WriteNull("logprobs");
            }

            WriteFinish(choice);
            _json.WriteEndObject();
        }

        _json.WriteEndArray();
        WriteUsage(plan.OutputTokens);
        _json.WriteEndObject();
        _json.Flush();
        return _pipe.FlushAsync(ct);
    }

    public void Dispose() => _json.Dispose();

    private void WriteMessage(ChoicePlan choice)
    {
        _json.WriteStartObject("message");
        _json.WriteString("role", "assistant");
        if (choice.ToolCalls.Count > 0)
        {
            _json.WriteNull("content");
        }
        else
        {
            _json.WriteString("content", string.Concat(choice.Tokens));
        }

        _json.WriteStartArray("tool_calls");
        var arguments = new StringBuilder();
        foreach (var call in choice.ToolCalls)
        {
            arguments.Clear();
            for (var t = call.FirstToken; t < call.FirstToken + call.TokenCount; t++)
            {
                arguments.Append(choice.Tokens[t]);
            }

            _json.WriteStartObject();
            _json.WriteString("id", call.Id);
            _json.WriteString("type", "function");
            _json.WriteStartObject("function");
            _json.WriteString("name", call.Name);
            _json.WriteString("arguments", arguments.ToString());
            _json.WriteEndObject();
            _json.WriteEndObject();
        }

        _json.WriteEndArray();
        _json.WriteEndObject();
    }

    private void WriteToolCallDelta(ChoicePlan choice, int token, string text)
    {
        var (callIndex, first) = choice.CallOf(token);
        var call = choice.ToolCalls[callIndex];
        _json.WriteStartArray("tool_calls");
        _json.WriteStartObject();
        if (first)
        {
            _json.WriteString("id", call.Id);
            _json.WriteString("type", "function");
        }

        _json.WriteNumber("index", callIndex);
        _json.WriteStartObject("function");
        if (first)
        {
            _json.WriteString("name", call.Name);
        }

        _json.WriteString("arguments", text);
        _json.WriteEndObject();
        _json.WriteEndObject();
        _json.WriteEndArray();
    }

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

    private void WriteFinish(ChoicePlan? finished)
    {
        if (finished is null)
        {
            _json.WriteNull("finish_reason");
            _json.WriteNull("stop_reason");
            return;
        }

        _json.WriteString("finish_reason", finished.FinishReasonText);
        if (finished.StopString is { } stop)
        {
            _json.WriteString("stop_reason", stop);
        }
        else
        {
            _json.WriteNull("stop_reason");
        }
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
