using Microsoft.AspNetCore.Http;

namespace GatoLink.Gateway.OpenAi;

/// <summary>Puts a key's <c>x-ratelimit-*</c> headers on a /v1 response.</summary>
public static class RateLimitHeaderWriter
{
    /// <summary>Copies the pairs onto the response headers.</summary>
    public static void Copy(HttpContext context, IReadOnlyList<KeyValuePair<string, string>> headers)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(headers);
        foreach (var (name, value) in headers)
        {
            context.Response.Headers[name] = value;
        }
    }
}
