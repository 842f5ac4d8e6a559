using System.Net;
using System.Text.Json.Nodes;

namespace GatoLink.NodeSim.Tests;

/// <summary>The prefix cache is keyed by vLLM's <c>cache_salt</c>: another salt shares no block, the same salt shares as before.</summary>
public sealed class CacheSaltTests
{
    private static readonly string Prompt = string.Join(' ', Enumerable.Range(0, 200).Select(i => $"word{i}"));

    [Fact]
    public async Task ASaltedPromptHitsOnlyTheBlocksOfItsOwnSalt()
    {
        await using var server = await NodeSimServer.StartAsync(TestOptions.Instant());
        using var client = SimHttp.Client(server);

        var unsalted = await HitsAsync(server, client, null);   // fills the cache with the unsalted chain
        var again = await HitsAsync(server, client, null);      // same prompt, no salt: hits
        var saltA = await HitsAsync(server, client, "tenant-a"); // another namespace: nothing shared
        var saltB = await HitsAsync(server, client, "tenant-b");
        var saltAAgain = await HitsAsync(server, client, "tenant-a"); // its own namespace: hits

        Assert.Equal(0, unsalted);
        Assert.True(again > 0, $"unsalted repeat hit {again} tokens");
        Assert.Equal(0, saltA);
        Assert.Equal(0, saltB);
        Assert.Equal(again, saltAAgain);
    }

    [Theory]
    [InlineData("\"\"")]
    [InlineData("42")]
    public async Task AnEmptyOrNonStringSaltIsRefusedNamingIt(string salt)
    {
        await using var server = await NodeSimServer.StartAsync(TestOptions.Instant());
        using var client = SimHttp.Client(server);
        var body = JsonNode.Parse(SimHttp.ChatBody("hi", maxTokens: 1))!.AsObject();
        body["cache_salt"] = JsonNode.Parse(salt);

        using var response = await client.PostAsync("/v1/chat/completions", SimHttp.Json(body.ToJsonString()));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("cache_salt", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static async Task<long> HitsAsync(NodeSimServer server, HttpClient client, string? salt)
    {
        var body = JsonNode.Parse(SimHttp.ChatBody(Prompt, maxTokens: 1))!.AsObject();
        if (salt is not null)
        {
            body["cache_salt"] = salt;
        }

        var before = server.Engine.PrefixCacheHits;
        await SimHttp.PostForJsonAsync(client, "/v1/chat/completions", body.ToJsonString());
        return server.Engine.PrefixCacheHits - before;
    }
}
