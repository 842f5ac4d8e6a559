using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace GatoLink.Integration.Tests.Ledger;

/// <summary>What a streaming client saw of one request.</summary>
/// <param name="Index">The request's number in the run.</param>
/// <param name="Silo">The silo it was sent to.</param>
/// <param name="RequestId">The <c>x-request-id</c> the silo answered with; null when no answer came.</param>
/// <param name="Status">HTTP status; 0 when no answer came.</param>
/// <param name="Finished">The client read <c>data: [DONE]</c>: it was served the whole response.</param>
/// <param name="PromptTokens">From the usage chunk, when one came.</param>
/// <param name="CompletionTokens">From the usage chunk, when one came.</param>
/// <param name="EndedAt">When the client stopped reading, on the run's clock.</param>
internal sealed record StreamedRequest(int Index, int Silo, string? RequestId, int Status, bool Finished, int PromptTokens, int CompletionTokens, TimeSpan EndedAt);

/// <summary>Raw-HTTP streaming chat requests (usage chunk asked for), read to the end, recording what the client got.</summary>
internal static class StreamingClient
{
    public static async Task<StreamedRequest> SendAsync(HttpClient http, Uri silo, string key, int index, int siloIndex, int maxTokens, Stopwatch clock)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(clock);
        var body = $$"""{"model":"demo-8b","stream":true,"stream_options":{"include_usage":true},"max_tokens":{{maxTokens}},"messages":[{"role":"user","content":"request {{index}}"}]}""";
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(silo, "v1/chat/completions"))
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        string? requestId = null;
        var status = 0;
        var finished = false;
        int prompt = 0, completion = 0;
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            status = (int)response.StatusCode;
            requestId = response.Headers.TryGetValues("x-request-id", out var ids) ? ids.First() : null;
            await using var stream = await response.Content.ReadAsStreamAsync(timeout.Token);
            using var reader = new StreamReader(stream, Encoding.UTF8);
            while (await reader.ReadLineAsync(timeout.Token) is { } line)
            {
                if (!line.StartsWith("data: ", StringComparison.Ordinal))
                {
                    continue;
                }

                var data = line["data: ".Length..];
                if (data == "[DONE]")
                {
                    finished = true;
                    break;
                }

                using var json = JsonDocument.Parse(data);
                if (json.RootElement.TryGetProperty("usage", out var usage) && usage.ValueKind == JsonValueKind.Object)
                {
                    prompt = usage.GetProperty("prompt_tokens").GetInt32();
                    completion = usage.GetProperty("completion_tokens").GetInt32();
                }
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or OperationCanceledException)
        {
            // The silo died under the request (or never answered): the client was not served the whole response.
        }

        return new StreamedRequest(index, siloIndex, requestId, status, finished, prompt, completion, clock.Elapsed);
    }
}
