using System.Buffers;
using System.Diagnostics;
using System.Net.Http.Headers;

namespace GatoLink.Bench.Overhead;

/// <summary>Sends one streaming chat request and times its first SSE data line: from just before SendAsync to the
/// read that completes the first <c>data:</c> line of the body (headers alone do not count: a proxy may send them
/// before the upstream answered). The rest of the stream is then read to its end, untimed, so the connection returns to
/// the pool.</summary>
public sealed class FirstByteProbe(HttpClient client)
{
    private static ReadOnlySpan<byte> DataField => "data:"u8;

    /// <summary>Sends <paramref name="body"/> to <paramref name="target"/> and times the first data line.</summary>
    public async Task<FirstByteSample> SendAsync(BenchTarget target, byte[] body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        using var request = new HttpRequestMessage(HttpMethod.Post, target.ChatUrl) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", target.Key);
        var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            var start = Stopwatch.GetTimestamp();
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                await stream.CopyToAsync(Stream.Null, cancellationToken).ConfigureAwait(false);
                return FirstByteSample.Failed($"status {(int)response.StatusCode}");
            }

            var filled = 0;
            TimeSpan? firstLine = null;
            while (firstLine is null && filled < buffer.Length)
            {
                var read = await stream.ReadAsync(buffer.AsMemory(filled), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                filled += read;
                if (EndsFirstDataLine(buffer.AsSpan(0, filled)))
                {
                    firstLine = Stopwatch.GetElapsedTime(start);
                }
            }

            await stream.CopyToAsync(Stream.Null, cancellationToken).ConfigureAwait(false);
            return firstLine is { } elapsed ? FirstByteSample.Of(elapsed) : FirstByteSample.Failed("no data line");
        }
        catch (HttpRequestException e)
        {
            return FirstByteSample.Failed(e.HttpRequestError.ToString());
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Whether <paramref name="received"/> holds a <c>data:</c> field and the line feed that ends it.</summary>
    private static bool EndsFirstDataLine(ReadOnlySpan<byte> received)
    {
        var field = received.IndexOf(DataField);
        return field >= 0 && received[field..].Contains((byte)'\n');
    }
}
