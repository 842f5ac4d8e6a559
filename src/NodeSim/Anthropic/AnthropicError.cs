using System.Text.Encodings.Web;
using System.Text.Json;

namespace GatoLink.NodeSim;

/// <summary>
/// Anthropic's error body, <c>{"type":"error","error":{"type","message"},"request_id"}</c>, as a response or as a
/// stream's <c>event: error</c>; the error type follows the status as Anthropic documents it.
/// </summary>
internal static class AnthropicError
{
    private static readonly JsonWriterOptions s_options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string TypeFor(int status) => status switch
    {
        StatusCodes.Status400BadRequest => "invalid_request_error",
        StatusCodes.Status401Unauthorized => "authentication_error",
        StatusCodes.Status403Forbidden => "permission_error",
        StatusCodes.Status404NotFound => "not_found_error",
        StatusCodes.Status413PayloadTooLarge => "request_too_large",
        StatusCodes.Status429TooManyRequests => "rate_limit_error",
        StatusCodes.Status504GatewayTimeout => "timeout_error",
        StatusCodes.Status503ServiceUnavailable or 529 => "overloaded_error",
        _ => "api_error",
    };

    /// <summary>Writes the error as the whole response (headers not yet sent).</summary>
    public static async Task WriteAsync(HttpContext context, int status, string message, string requestId)
    {
        var response = context.Response;
        response.StatusCode = status;
        response.ContentType = "application/json";
        using (var json = new Utf8JsonWriter(response.BodyWriter, s_options))
        {
            Write(json, status, message, requestId);
        }

        await response.BodyWriter.FlushAsync(context.RequestAborted);
    }

    public static void Write(Utf8JsonWriter json, int status, string message, string? requestId)
    {
        json.WriteStartObject();
        json.WriteString("type", "error");
        json.WriteStartObject("error");
        json.WriteString("type", TypeFor(status));
        json.WriteString("message", message);
        json.WriteEndObject();
        if (requestId is not null)
        {
            json.WriteString("request_id", requestId);
        }

        json.WriteEndObject();
    }
}
