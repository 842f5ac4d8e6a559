using System.Text.Encodings.Web;
using System.Text.Json;

namespace GatoLink.NodeSim;

/// <summary>
/// Writes vLLM's error body: <c>{"error":{"message","type","param","code"}}</c> with the status as code; the type is
/// the status's exception name unless the route names one (the Responses routes say <c>invalid_request_error</c>).
/// </summary>
internal static class OpenAiError
{
    // Messages quote model names in backticks, as vLLM does; keep them readable.
    private static readonly JsonWriterOptions s_writerOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static async Task WriteAsync(HttpContext context, int status, string message, string? param = null, string? type = null)
    {
        var response = context.Response;
        response.StatusCode = status;
        response.ContentType = "application/json";
        if (status == StatusCodes.Status429TooManyRequests)
        {
            response.Headers.RetryAfter = "1";
        }

        using (var json = new Utf8JsonWriter(response.BodyWriter, s_writerOptions))
        {
            json.WriteStartObject();
            json.WriteStartObject("error");
            json.WriteString("message", message);
            json.WriteString("type", type ?? TypeFor(status));
            if (param is null)
            {
                json.WriteNull("param");
            }
            else
            {
                json.WriteString("param", param);
            }

            json.WriteNumber("code", status);
            json.WriteEndObject();
            json.WriteEndObject();
        }

        await response.BodyWriter.FlushAsync(context.RequestAborted);
    }

    private static string TypeFor(int status) => status switch
    {
        StatusCodes.Status400BadRequest => "BadRequestError",
        StatusCodes.Status404NotFound => "NotFoundError",
        StatusCodes.Status429TooManyRequests => "RateLimitError",
        StatusCodes.Status503ServiceUnavailable => "ServiceUnavailableError",
        _ => "InternalServerError",
    };
}
