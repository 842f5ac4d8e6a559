using GatoLink.Grains.Abstractions.Errors;
using Microsoft.AspNetCore.Http;
using System.Text.Json;

namespace GatoLink.Gateway.AnthropicApi;

/// <summary>
/// Anthropic's error shape, <c>{"type":"error","error":{"type","message"}}</c>, for the same refusals the OpenAI surface
/// answers (same status codes, <c>Retry-After</c> on 429 and 503).
/// </summary>
public static class AnthropicErrors
{
    /// <summary>Anthropic's error type for a refusal.</summary>
    public static string TypeOf(ErrorKind kind) => kind switch
    {
        ErrorKind.InvalidRequest or ErrorKind.Conflict => "invalid_request_error",
        ErrorKind.InvalidApiKey => "authentication_error",
        ErrorKind.PermissionDenied => "permission_error",
        ErrorKind.ModelNotFound or ErrorKind.NotFound => "not_found_error",
        ErrorKind.RequestTooLarge => "request_too_large",
        ErrorKind.RateLimited or ErrorKind.BudgetExceeded or ErrorKind.InsufficientQuota => "rate_limit_error",
        ErrorKind.NoCapacity => "overloaded_error",
        _ => "api_error",
    };

    /// <summary>Anthropic's error type for a node's own 4xx answer about the request.</summary>
    public static string TypeOfStatus(int status) => status switch
    {
        401 => "authentication_error",
        403 => "permission_error",
        404 => "not_found_error",
        413 => "request_too_large",
        429 => "rate_limit_error",
        >= 500 => "api_error",
        _ => "invalid_request_error",
    };

    /// <summary>The error object as bytes.</summary>
    public static byte[] Body(string type, string message) => AnthropicJson.ToBytes((type, message), WriteBody);

    /// <summary>Writes <paramref name="error"/> as the whole response: status, <c>Retry-After</c>, Anthropic's body.</summary>
    public static Task WriteAsync(HttpContext context, GatoError error)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(error);
        var response = context.Response;
        response.StatusCode = error.HttpStatus;
        if (error.RetryAfterSeconds is { } retry)
        {
            response.Headers.RetryAfter = retry.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        response.ContentType = "application/json";
        return response.Body.WriteAsync(Body(TypeOf(error.Kind), error.Message), context.RequestAborted).AsTask();
    }

    /// <summary>The <c>error</c> SSE event that ends a stream which broke after its first byte.</summary>
    public static byte[] Event(GatoError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(256);
        using var json = new Utf8JsonWriter(buffer, AnthropicJson.Faithful);
        AnthropicJson.WriteEvent(buffer, json, "error"u8, (TypeOf(error.Kind), error.Message), WriteBody);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The message of a node's OpenAI-shaped error body, or a generic one when it has none.</summary>
    public static string NodeMessage(ReadOnlySpan<byte> body)
    {
        try
        {
            var reader = new Utf8JsonReader(body);
            using var doc = JsonDocument.ParseValue(ref reader);
            if (doc.RootElement.ValueKind == JsonValueKind.Object
                && doc.RootElement.TryGetProperty("error", out var error)
                && error.ValueKind == JsonValueKind.Object
                && error.TryGetProperty("message", out var message)
                && message.ValueKind == JsonValueKind.String)
            {
                return message.GetString()!;
            }

            if (doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("message", out var bare) && bare.ValueKind == JsonValueKind.String)
            {
                return bare.GetString()!;
            }
        }
        catch (JsonException)
        {
            // Not JSON: the node's words are unknown, the generic message below says what happened.
            return "The model server refused the request.";
        }

        return "The model server refused the request.";
    }

    /// <summary>Writes the error object.</summary>
    internal static void WriteBody(Utf8JsonWriter json, (string Type, string Message) error)
    {
        json.WriteStartObject();
        json.WriteString("type"u8, "error"u8);
        json.WriteStartObject("error"u8);
        json.WriteString("type"u8, error.Type);
        json.WriteString("message"u8, error.Message);
        json.WriteEndObject();
        json.WriteEndObject();
    }
}
