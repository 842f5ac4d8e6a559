using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace GatoLink.NodeSim.Tests;

/// <summary>Small HTTP helpers for talking to a NodeSimServer over loopback.</summary>
internal static class SimHttp
{
    /// <summary>A client that closes the connection when a response is disposed early, as a cancelling gateway would.</summary>
    public static HttpClient Client(NodeSimServer server) =>
        new(new SocketsHttpHandler { MaxResponseDrainSize = 0, ResponseDrainTimeout = TimeSpan.Zero })
        {
            BaseAddress = server.BaseUrl,
            Timeout = TimeSpan.FromSeconds(30),
        };

    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    public static string ChatBody(string content, int? maxTokens = null, bool stream = false, string? streamOptions = null, string model = "demo-8b")
    {
        var body = new JsonObject
        {
            ["model"] = model,
            ["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = content }),
            ["stream"] = stream,
        };
        if (maxTokens is { } m)
        {
            body["max_tokens"] = m;
        }

        if (streamOptions is not null)
        {
            body["stream_options"] = JsonNode.Parse(streamOptions);
        }

        return body.ToJsonString();
    }

    /// <summary>POSTs <paramref name="json"/>, asserts 200 and returns the parsed body.</summary>
    public static async Task<JsonElement> PostForJsonAsync(HttpClient client, string path, string json)
    {
        using var response = await client.PostAsync(path, Json(json));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>POSTs a streaming request and returns its events up to [DONE].</summary>
    public static async Task<List<JsonElement>> PostForEventsAsync(HttpClient client, string path, string json)
    {
        using var response = await PostStreamAsync(client, path, json);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        return await ReadEventsAsync(response);
    }

    public static async Task<HttpResponseMessage> PostStreamAsync(HttpClient client, string path, string json, CancellationToken ct = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = Json(json) };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        return await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
    }

    /// <summary>Reads SSE events until [DONE]; returns the parsed data objects.</summary>
    public static async Task<List<JsonElement>> ReadEventsAsync(HttpResponseMessage response, CancellationToken ct = default)
    {
        var events = new List<JsonElement>();
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(ct));
        var sawDone = false;
        while (await reader.ReadLineAsync(ct) is { } line)
        {
            if (line.Length == 0)
            {
                continue;
            }

            Assert.StartsWith("data: ", line);
            var data = line["data: ".Length..];
            if (data == "[DONE]")
            {
                sawDone = true;
                break;
            }

            events.Add(JsonDocument.Parse(data).RootElement.Clone());
        }

        Assert.True(sawDone, "stream must end with data: [DONE]");
        return events;
    }

    public static bool IsContentChunk(JsonElement chunk)
    {
        var choices = chunk.GetProperty("choices");
        if (choices.GetArrayLength() == 0)
        {
            return false;
        }

        var choice = choices[0];
        var text = choice.TryGetProperty("delta", out var delta)
            ? delta.TryGetProperty("content", out var c) ? c.GetString() : null
            : choice.GetProperty("text").GetString();
        return !string.IsNullOrEmpty(text);
    }

    /// <summary>Polls real time until <paramref name="condition"/> holds (servers run on real time in these tests).</summary>
    public static async Task EventuallyAsync(Func<bool> condition, string what, int timeoutMs = 5000)
    {
        var deadline = TimeProvider.System.GetTimestamp();
        while (!condition())
        {
            if (TimeProvider.System.GetElapsedTime(deadline).TotalMilliseconds > timeoutMs)
            {
                Assert.Fail($"Timed out waiting for: {what}");
            }

            await Task.Delay(5);
        }
    }
}
