using System.Buffers;
using System.IO.Pipelines;
using GatoLink.Grains.Abstractions.Errors;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace GatoLink.Gateway.OpenAi;

/// <summary>Reads a request body into one array, refusing it past the size limit without reading it all.</summary>
public static class RequestBodyReader
{
    /// <summary>The body bytes, or a 413 error.</summary>
    public static async Task<(byte[]? Body, GatoError? Error)> ReadAsync(HttpRequest request, long maxBytes, CancellationToken ct)
    {
        if (request.ContentLength > maxBytes)
        {
            return (null, TooLarge(maxBytes));
        }

        var sizeFeature = request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (sizeFeature is { IsReadOnly: false })
        {
            // We enforce our own limit below, so Kestrel's default must not cut in first.
            sizeFeature.MaxRequestBodySize = maxBytes + 1;
        }

        var reader = request.BodyReader;
        while (true)
        {
            var read = await reader.ReadAsync(ct);
            if (read.Buffer.Length > maxBytes)
            {
                reader.AdvanceTo(read.Buffer.Start, read.Buffer.End);
                return (null, TooLarge(maxBytes));
            }

            if (read.IsCompleted || read.IsCanceled)
            {
                var body = read.Buffer.ToArray();
                reader.AdvanceTo(read.Buffer.End);
                return (body, null);
            }

            // Nothing consumed: ask for more until the whole body is buffered.
            reader.AdvanceTo(read.Buffer.Start, read.Buffer.End);
        }
    }

    private static GatoError TooLarge(long maxBytes) =>
        new(ErrorKind.RequestTooLarge, $"The request body is larger than the limit of {maxBytes} bytes.", "request_too_large");
}
