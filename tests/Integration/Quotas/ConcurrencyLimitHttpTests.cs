using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using GatoLink.Integration.Tests.Infrastructure;

namespace GatoLink.Integration.Tests.Quotas;

/// <summary>A key's <c>max_concurrent</c> on the real silo: the request over the cap is an OpenAI-shaped 429 with Retry-After.</summary>
public sealed class ConcurrencyLimitHttpTests : IAsyncLifetime
{
    private SimNodes _nodes = null!;
    private SiloHarness _silo = null!;

    public async Task InitializeAsync()
    {
        // One token every 40 ms: a stream of 100 tokens runs for about four seconds.
        _nodes = await SimNodes.StartAsync(1, timeScale: 1, configure: o =>
        {
            o.ItlMs = 40;
            o.ItlSlowdown = 0;
            o.JitterFraction = 0;
        });
        _silo = await SiloHarness.StartAsync(_nodes.Urls);
    }

    public async Task DisposeAsync()
    {
        await _silo.DisposeAsync();
        await _nodes.DisposeAsync();
    }

    [Fact]
    public async Task ASecondRequestWhileTheOnlySlotRunsIs429ConcurrencyLimitExceededAndTheSlotReturnsAfterIt()
    {
        var secret = await _silo.CreateUserKeyAsync(new { name = "one-at-a-time", max_concurrent = 1 });
        using var client = _silo.Http(secret);
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/chat/completions") { Content = Chat(stream: true, maxTokens: 100) };
        using var running = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await running.Content.ReadAsStreamAsync());
        // Headers come with the first token: the request is running and holds the slot.
        Assert.StartsWith("data: ", await FirstDataLineAsync(reader), StringComparison.Ordinal);

        using var refused = await client.PostAsync("v1/chat/completions", Chat(stream: false, maxTokens: 5));
        var error = JsonNode.Parse(await refused.Content.ReadAsStringAsync())!["error"]!;
        await reader.ReadToEndAsync();
        var after = await FirstAdmittedStatusAsync(client);

        Assert.Equal(HttpStatusCode.OK, running.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("concurrency_limit_exceeded", (string?)error["code"]);
        Assert.NotNull(error["type"]);
        Assert.Contains("limit 1", (string?)error["message"], StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromSeconds(1), refused.Headers.RetryAfter?.Delta);
        Assert.Equal(HttpStatusCode.OK, after);
    }

    // The slot comes back when the settlement reaches the key's grain, just after the response's last byte.
    private static async Task<HttpStatusCode> FirstAdmittedStatusAsync(HttpClient client)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (true)
        {
            using var response = await client.PostAsync("v1/chat/completions", Chat(stream: false, maxTokens: 1), deadline.Token);
            if (response.StatusCode != HttpStatusCode.TooManyRequests)
            {
                return response.StatusCode;
            }

            await Task.Delay(50, deadline.Token);
        }
    }

    private static async Task<string> FirstDataLineAsync(StreamReader reader)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            if (line.Length > 0)
            {
                return line;
            }
        }

        return "";
    }

    private static StringContent Chat(bool stream, int maxTokens) => new(
        $$"""{"model":"demo-8b","stream":{{(stream ? "true" : "false")}},"max_tokens":{{maxTokens}},"messages":[{"role":"user","content":"Tell me a long story."}]}""",
        Encoding.UTF8,
        "application/json");
}
