using System.Data.Common;
using System.Text.Json;
using System.Text.Json.Nodes;
using GatoLink.Gateway.Proxy;
using GatoLink.Grains.Abstractions.Errors;
using GatoLink.Grains.Abstractions.Nodes;
using GatoLink.Grains.Abstractions.Responses;
using GatoLink.PerSilo.Keys;
using Microsoft.Extensions.Logging;

namespace GatoLink.Gateway.ResponsesApi;

/// <summary>
/// OpenAI's Responses API at the edges of the data-plane door, one per request: the request (continuing a stored one
/// with <c>previous_response_id</c>) translated onto chat, the answer and stream translated back, and the response kept
/// for its tenant when <c>store</c> is true, after its usage is durable and before the client gets its end. The
/// response's id is the request id's (<c>req_X</c> answers <c>resp_X</c>), so a response is found in the ledger by its id.
/// Errors keep OpenAI's shape.
/// </summary>
public sealed class ResponsesDialect : ClientDialect
{
    private readonly IResponseStore _store;
    private readonly TimeProvider _time;
    private readonly TimeSpan _retention;
    private readonly ILogger _logger;
    private ResponsesRequestInfo? _request;
    private Guid _tenantId;
    private DateTimeOffset _createdAt;
    private ResponsesStreamTranslator? _stream;
    private ResponseDraft? _whole;
    private JsonObject? _client;
    private string _id = "";
    private ResponsesPassThrough? _passThrough;
    private byte[]? _nativeResponse;

    /// <summary>Creates the dialect of one request.</summary>
    public ResponsesDialect(IResponseStore store, TimeProvider time, TimeSpan retention, ILogger logger)
    {
        _store = store;
        _time = time;
        _retention = retention;
        _logger = logger;
    }

    private ResponsesRequestInfo Request => _request ?? throw new InvalidOperationException("The request has not been translated.");

    /// <summary>What the response echoes and keeps of the request.</summary>
    internal ResponsesRequestInfo Info => Request;

    /// <summary>The response's id (set once the request is translated).</summary>
    internal string Id => _id;

    /// <summary>The response id of a request id.</summary>
    public static string ResponseId(string requestId) =>
        "resp_" + (requestId.StartsWith("req_", StringComparison.Ordinal) ? requestId[4..] : requestId);

    /// <inheritdoc />
    /// <remarks>
    /// With <c>previous_response_id</c> this reads the store before the request goes on: the one database read on this
    /// route's way, because the conversation must be the same on every silo (a silo-local memory would not have it).
    /// </remarks>
    public override async ValueTask<(byte[]? Body, GatoError? Error)> TranslateRequestAsync(ApiKeyEntry key, byte[] body, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(key);
        _tenantId = key.TenantId;
        _createdAt = _time.GetUtcNow();
        try
        {
            if (JsonNode.Parse(body, documentOptions: new JsonDocumentOptions { MaxDepth = 64 }) is not JsonObject request)
            {
                return (null, Invalid("The request body must be a JSON object.", null));
            }

            JsonArray? previous = null;
            if (ResponsesRequestTranslator.PreviousResponseId(request) is { } previousId)
            {
                var stored = await _store.FindAsync(key.TenantId, previousId, _createdAt, ct);
                if (stored is null)
                {
                    return (null, new GatoError(ErrorKind.InvalidRequest, $"Previous response with id '{previousId}' not found.", "previous_response_not_found", "previous_response_id"));
                }

                previous = Continuation(stored);
            }

            var chat = ResponsesRequestTranslator.Translate(request, previous, out var info);
            _request = info;
            _client = request;
            return (chat, null);
        }
        catch (JsonException ex)
        {
            return (null, Invalid($"The request body is not valid JSON: {ex.Message}", null));
        }
        catch (ResponsesFormatException ex)
        {
            return (null, new GatoError(ErrorKind.InvalidRequest, ex.Message, ex.Message.StartsWith("Unknown parameter", StringComparison.Ordinal) ? "unknown_parameter" : "invalid_request_error", ex.Param));
        }
        catch (DbException ex)
        {
            ResponsesLog.ReadFailed(_logger, "previous_response_id", ex);
            return (null, new GatoError(ErrorKind.ServiceUnavailable, "Stored responses cannot be read right now.", "store_unavailable", "previous_response_id", RetryAfterSeconds: 2));
        }
    }

    /// <inheritdoc />
    /// <remarks>A node that declares the Responses API (<see cref="NodeApi.Responses"/>) gets the request natively.</remarks>
    public override NodeProtocol? NativeProtocol(InferenceCall call, GpuNodeRecord node)
    {
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(node);
        if (!node.Serves(NodeApi.Responses) || node.Engine == EngineKind.Anthropic)
        {
            return null;
        }

        _id = ResponseId(call.RequestId);
        _stream = null;
        _passThrough = new ResponsesPassThrough(this);
        return _passThrough;
    }

    /// <summary>The body a node that serves the Responses API itself gets (see <see cref="ResponsesNativeRequest"/>).</summary>
    internal byte[] NativeBody(ReadOnlySpan<byte> settledChat) =>
        ResponsesNativeRequest.Build(_client ?? throw new InvalidOperationException("The request has not been translated."), Request, settledChat);

    /// <summary>A node that serves the Responses API itself answered: its response (adopted as GatoLink's) is the one to keep.</summary>
    internal void AnsweredNatively(byte[] response) => _nativeResponse = response;

    /// <inheritdoc />
    public override byte[] ErrorEvent(GatoError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(256);
        if (_passThrough is { } native)
        {
            // After the node's own events: numbered on from its last.
            new ResponsesEventWriter(native.NextSequence).Error(buffer, error.Code ?? error.Type, error.Message, error.Param);
        }
        else if (_stream is { } stream)
        {
            stream.WriteError(buffer, error.Code ?? error.Type, error.Message, error.Param);
        }
        else
        {
            new ResponsesEventWriter().Error(buffer, error.Code ?? error.Type, error.Message, error.Param);
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <inheritdoc />
    public override IStreamTranslator? StartStream(InferenceCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        _passThrough = null;
        _stream = new ResponsesStreamTranslator(NewDraft(call), Request, call.Request.EstimatedPromptTokens);
        return _stream;
    }

    /// <inheritdoc />
    public override ReadOnlyMemory<byte> TranslateAnswer(InferenceCall call, ReadOnlyMemory<byte> answer)
    {
        ArgumentNullException.ThrowIfNull(call);
        var draft = NewDraft(call);
        try
        {
            if (!ResponsesAnswerTranslator.Read(answer.Span, draft))
            {
                // A 200 whose body is the node's error object: passed on as it is (OpenAI's shape), nothing to keep.
                return answer;
            }
        }
        catch (JsonException)
        {
            // The node said 200 with a body that is not JSON: nothing of it can be a response (the attempt is billed as read).
            return JsonSerializer.SerializeToUtf8Bytes(Errors.OpenAiErrors.Envelope(new GatoError(ErrorKind.UpstreamError, "The model server answered with a body that is not JSON.", "upstream_error")), Json.GatewayJsonContext.Default.ErrorEnvelope);
        }

        _whole = draft;
        return Serialize(draft);
    }

    /// <inheritdoc />
    public override async Task CompleteAsync(InferenceCall call, IStreamTranslator? translator)
    {
        ArgumentNullException.ThrowIfNull(call);
        if (!Request.Store)
        {
            return;
        }

        byte[]? response;
        if (translator is ResponsesStreamTranslator stream)
        {
            stream.Settle();
            response = Serialize(stream.Draft);
        }
        else
        {
            response = _nativeResponse ?? (_whole is { } whole ? Serialize(whole) : null);
        }

        if (response is null)
        {
            return;
        }

        _id = ResponseId(call.RequestId);
        var stored = new StoredResponse(_id, _tenantId, _createdAt, _createdAt + _retention, call.Model.Name, Request.Conversation,
            System.Text.Encoding.UTF8.GetString(response));
        try
        {
            // Not cancellable: the answer is complete and billed; keeping it does not depend on the client staying.
            await _store.SaveAsync(stored, CancellationToken.None);
        }
        catch (DbException ex)
        {
            // The client still gets the answer it was billed for; the log says the store missed it.
            ResponsesLog.StoreFailed(_logger, _id, ex);
        }
    }

    /// <summary>The conversation a stored response continues into: its own conversation, then its output.</summary>
    private static JsonArray Continuation(StoredResponse stored)
    {
        var conversation = JsonNode.Parse(stored.Conversation) as JsonArray ?? [];
        if (JsonNode.Parse(stored.Response) is JsonObject { } response && response["output"] is JsonArray output)
        {
            foreach (var item in output)
            {
                conversation.Add(item?.DeepClone());
            }
        }

        return conversation;
    }

    private ResponseDraft NewDraft(InferenceCall call) => new(ResponseId(call.RequestId), _createdAt.ToUnixTimeSeconds());

    private byte[] Serialize(ResponseDraft draft) => ResponseWriter.ToBytes(draft, Request);

    private static GatoError Invalid(string message, string? param) => new(ErrorKind.InvalidRequest, message, "invalid_request_error", param);
}
