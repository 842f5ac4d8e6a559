using GatoLink.Gateway.Proxy;
using GatoLink.Grains.Abstractions.Errors;
using Microsoft.AspNetCore.Http;

namespace GatoLink.Gateway.AnthropicApi;

/// <summary>
/// Anthropic's Messages API at the edges of the data-plane door, one per request: the key from <c>x-api-key</c> or a
/// bearer, the request translated onto chat, the answer, stream and errors translated back. The answer's id is the
/// request id's (<c>req_X</c> answers <c>msg_X</c>), so a message is found in the ledger by its id.
/// </summary>
public sealed class MessagesDialect : ClientDialect
{
    private MessagesRequestInfo? _request;

    /// <inheritdoc />
    public override bool AcceptsApiKeyHeader => true;

    /// <summary>The translated request; set once <see cref="TranslateRequest"/> succeeded.</summary>
    private MessagesRequestInfo Request => _request ?? throw new InvalidOperationException("The request has not been translated.");

    /// <summary>The message id of a request id.</summary>
    public static string MessageId(string requestId) =>
        "msg_" + (requestId.StartsWith("req_", StringComparison.Ordinal) ? requestId[4..] : requestId);

    /// <summary>The client's own Messages body, for a node that speaks Messages natively; null before <see cref="TranslateRequest"/>.</summary>
    public byte[]? ClientBody { get; private set; }

    /// <inheritdoc />
    public override byte[]? TranslateRequest(byte[] body, out GatoError? error)
    {
        ClientBody = body;
        var chat = MessagesRequestTranslator.Translate(body, requireMaxTokens: true, out var info, out error);
        _request = info;
        return chat;
    }

    /// <inheritdoc />
    public override void WriteLimitHeaders(IHeaderDictionary headers, IReadOnlyList<KeyValuePair<string, string>> limits, DateTimeOffset now) =>
        AnthropicLimitHeaders.Write(headers, limits, now);

    /// <inheritdoc />
    public override Task WriteErrorAsync(HttpContext context, GatoError error) => AnthropicErrors.WriteAsync(context, error);

    /// <inheritdoc />
    public override byte[] ErrorEvent(GatoError error) => AnthropicErrors.Event(error);

    /// <inheritdoc />
    public override IStreamTranslator? StartStream(InferenceCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        return new MessagesStreamTranslator(MessageId(call.RequestId), Request, call.Request.EstimatedPromptTokens);
    }

    /// <inheritdoc />
    public override ReadOnlyMemory<byte> TranslateAnswer(InferenceCall call, ReadOnlyMemory<byte> answer)
    {
        ArgumentNullException.ThrowIfNull(call);
        try
        {
            return MessagesAnswerTranslator.Translate(answer.Span, MessageId(call.RequestId), Request);
        }
        catch (System.Text.Json.JsonException)
        {
            // The node said 200 with a body that is not JSON: nothing of it can be a message (the attempt is billed as read).
            return AnthropicErrors.Body("api_error", "The model server answered with a body that is not JSON.");
        }
    }

    /// <inheritdoc />
    public override ReadOnlyMemory<byte> TranslateNodeError(int status, ReadOnlyMemory<byte> body) =>
        AnthropicErrors.Body(AnthropicErrors.TypeOfStatus(status), AnthropicErrors.NodeMessage(body.Span));
}
