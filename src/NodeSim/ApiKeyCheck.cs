using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace GatoLink.NodeSim;

/// <summary>
/// vLLM's <c>--api-key</c>: with a key set, a request to a path under <c>/v1</c> (but an <c>OPTIONS</c>) must carry
/// <c>Authorization: Bearer &lt;key&gt;</c>, or it is answered 401 <c>{"error":"Unauthorized"}</c>; other paths
/// (<c>/metrics</c>, <c>/health</c>, the simulator's own) stay open. Compared as SHA-256 digests in constant time, as
/// vLLM does.
/// </summary>
internal static class ApiKeyCheck
{
    private static readonly byte[] Unauthorized = """{"error":"Unauthorized"}"""u8.ToArray();

    /// <summary>Adds the check when <paramref name="apiKey"/> is set.</summary>
    public static void UseApiKey(this WebApplication app, string? apiKey)
    {
        if (string.IsNullOrEmpty(apiKey))
        {
            return;
        }

        var expected = SHA256.HashData(Encoding.UTF8.GetBytes("Bearer " + apiKey));
        app.Use(async (context, next) =>
        {
            if (HttpMethods.IsOptions(context.Request.Method) || !context.Request.Path.StartsWithSegments("/v1", StringComparison.Ordinal))
            {
                await next(context);
                return;
            }

            var given = SHA256.HashData(Encoding.UTF8.GetBytes(context.Request.Headers.Authorization.ToString()));
            if (CryptographicOperations.FixedTimeEquals(given, expected))
            {
                await next(context);
                return;
            }

            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            context.Response.ContentType = "application/json";
            await context.Response.Body.WriteAsync(Unauthorized, context.RequestAborted);
        });
    }
}
