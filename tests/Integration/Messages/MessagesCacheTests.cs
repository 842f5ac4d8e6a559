using System.Net;
using System.Text;
using System.Text.Json;
using GatoLink.Grains.Abstractions.Usage;
using GatoLink.Integration.Tests.Cache;
using GatoLink.Integration.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace GatoLink.Integration.Tests.Messages;

/// <summary>The tenant's response cache serves Messages requests too: a hit is replayed in Anthropic's shape, whole or streamed.</summary>
public sealed class MessagesCacheTests
{
    private static async Task<(string Cache, string Body)> SendAsync(SiloHarness silo, string secret, string body, string? cacheHeader = null)
    {
        using var http = silo.Http(secret);
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/messages") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (cacheHeader is not null)
        {
            request.Headers.Add("x-gatolink-cache", cacheHeader);
        }

        using var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (string.Join(",", response.Headers.GetValues("x-gatolink-cache")), await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task AHitIsReplayedAsTheSameMessageAndBilledAsACacheHit(bool stream)
    {
        await using var nodes = await SimNodes.StartAsync(1, "instant");
        await using var silo = await SiloHarness.StartAsync(nodes.Urls);
        var (_, secret) = await CacheCalls.TenantAsync(silo, new { mode = "exact" });
        await Portal.Eventually.HoldsAsync(async () => (await SendAsync(silo, secret, """{"model":"demo-8b","max_tokens":1,"messages":[{"role":"user","content":"probe"}]}""", "bypass")).Cache == "bypass", TimeSpan.FromSeconds(20), "the tenant's cache policy");
        var body = $$"""{"model":"demo-8b","max_tokens":7,"temperature":0,"stream":{{(stream ? "true" : "false")}},"messages":[{"role":"user","content":"cache me {{Guid.NewGuid()}}"}]}""";

        var miss = await SendAsync(silo, secret, body);
        var received = nodes.Servers[0].Engine.RequestsReceived;
        var hit = await SendAsync(silo, secret, body);

        Assert.Equal(("miss", "hit"), (miss.Cache, hit.Cache));
        Assert.Equal(received, nodes.Servers[0].Engine.RequestsReceived);
        Assert.Equal(TextOf(miss.Body, stream), TextOf(hit.Body, stream));
        Assert.Equal(7, TextOf(hit.Body, stream).Split(' ', StringSplitOptions.RemoveEmptyEntries).Length);
        if (stream)
        {
            Assert.EndsWith("event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n", hit.Body, StringComparison.Ordinal);
        }

        Assert.Contains(silo.Services.GetRequiredService<RecentUsageSink>().Snapshot(), e => e.CacheHit && e.Status == UsageStatus.Success);
    }

    /// <summary>The answer's text: the text block of a message, or the text deltas of a stream.</summary>
    private static string TextOf(string body, bool stream)
    {
        if (!stream)
        {
            using var doc = JsonDocument.Parse(body);
            return doc.RootElement.GetProperty("content")[0].GetProperty("text").GetString()!;
        }

        var text = new StringBuilder();
        foreach (var line in body.Split('\n').Where(l => l.StartsWith("data: ", StringComparison.Ordinal)))
        {
            using var doc = JsonDocument.Parse(line["data: ".Length..]);
            if (doc.RootElement.TryGetProperty("delta", out var delta) && delta.TryGetProperty("text", out var part))
            {
                text.Append(part.GetString());
            }
        }

        return text.ToString();
    }
}
