using System.Text;
using System.Text.Json;
using Anthropic;

namespace GatoLink.NodeSim.Tests;

/// <summary>Starting an Anthropic-mode NodeSim and talking to it, with the official SDK or raw HTTP.</summary>
internal static class AnthropicSim
{
    public const string Key = "sk-ant-sim-key";

    public static Task<NodeSimServer> StartAsync(Action<NodeSimOptions>? tweak = null, TimeProvider? time = null) =>
        NodeSimServer.StartAsync(TestOptions.Instant(o =>
        {
            o.Api = NodeSimApi.Anthropic;
            o.ApiKey = Key;
            o.Models = ["claude-sim"];
            tweak?.Invoke(o);
        }), time: time);

    public static AnthropicClient Sdk(NodeSimServer server, string key = Key) =>
        new() { ApiKey = key, BaseUrl = server.BaseUrl.ToString().TrimEnd('/'), MaxRetries = 0, Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>A raw POST to /v1/messages with the given headers (null leaves one out).</summary>
    public static Task<HttpResponseMessage> PostAsync(HttpClient client, string body, string? key = Key, string? version = "2023-06-01", bool stream = false)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/messages") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (key is not null)
        {
            request.Headers.Add("x-api-key", key);
        }

        if (version is not null)
        {
            request.Headers.Add("anthropic-version", version);
        }

        return client.SendAsync(request, stream ? HttpCompletionOption.ResponseHeadersRead : HttpCompletionOption.ResponseContentRead);
    }

    /// <summary>Asserts Anthropic's error shape and returns (error type, message).</summary>
    public static async Task<(string Type, string Message)> ErrorOfAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        using var doc = JsonDocument.Parse(text);
        var root = doc.RootElement;
        Assert.Equal("error", root.GetProperty("type").GetString());
        Assert.StartsWith("req_", root.GetProperty("request_id").GetString());
        Assert.Equal(response.Headers.GetValues("request-id").Single(), root.GetProperty("request_id").GetString());
        var error = root.GetProperty("error");
        return (error.GetProperty("type").GetString()!, error.GetProperty("message").GetString()!);
    }

    /// <summary>Reads a whole SSE stream as (event name, data) pairs, checking each data's type names its event.</summary>
    public static async Task<List<(string Event, JsonElement Data)>> ReadEventsAsync(HttpResponseMessage response)
    {
        var events = new List<(string, JsonElement)>();
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        string? name = null;
        while (await reader.ReadLineAsync() is { } line)
        {
            if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                name = line["event: ".Length..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                var data = JsonDocument.Parse(line["data: ".Length..]).RootElement.Clone();
                Assert.Equal(name, data.GetProperty("type").GetString());
                events.Add((name!, data));
            }
        }

        return events;
    }
}
