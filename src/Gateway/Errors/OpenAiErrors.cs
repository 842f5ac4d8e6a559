using System.Text.Json;
using GatoLink.Gateway.Json;
using GatoLink.Grains.Abstractions.Errors;
using Microsoft.AspNetCore.Http;

namespace GatoLink.Gateway.Errors;

/// <summary>Writes refusals in OpenAI's error shape.</summary>
public static class OpenAiErrors
{
    /// <summary>The error envelope of <paramref name="error"/>.</summary>
    public static ErrorEnvelope Envelope(GatoError error) =>
        new(new ErrorBody(error.Message, error.Type, error.Param, error.Code));

    /// <summary>Writes <paramref name="error"/> as the whole response (status, Retry-After, JSON body).</summary>
    public static Task WriteAsync(HttpContext context, GatoError error)
    {
        var response = context.Response;
        response.StatusCode = error.HttpStatus;
        if (error.RetryAfterSeconds is { } retry)
        {
            response.Headers.RetryAfter = retry.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        response.ContentType = "application/json";
        return JsonSerializer.SerializeAsync(response.Body, Envelope(error), GatewayJsonContext.Default.ErrorEnvelope, context.RequestAborted);
    }

    /// <summary>An SSE event carrying an error, for a stream that breaks after its first byte.</summary>
    public static byte[] SseEvent(GatoError error)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(Envelope(error), GatewayJsonContext.Default.ErrorEnvelope);
        var bytes = new byte[json.Length + 8];
        "data: "u8.CopyTo(bytes);
        json.CopyTo(bytes.AsSpan(6));
        bytes[^2] = (byte)'\n';
        bytes[^1] = (byte)'\n';
        return bytes;
    }

    /// <summary>400 invalid_request_error.</summary>
    public static GatoError InvalidRequest(string message, string? param = null) =>
        new(ErrorKind.InvalidRequest, message, "invalid_request_error", param);

    /// <summary>401 invalid_api_key. The message never echoes the key.</summary>
    public static GatoError InvalidApiKey(string message = "Incorrect API key provided.") =>
        new(ErrorKind.InvalidApiKey, message, "invalid_api_key");

    /// <summary>404 model_not_found.</summary>
    public static GatoError ModelNotFound(string model) =>
        new(ErrorKind.ModelNotFound, $"The model '{model}' does not exist or you do not have access to it.", "model_not_found", "model");
}
