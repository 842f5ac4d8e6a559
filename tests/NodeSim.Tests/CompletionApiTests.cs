using System.Net;
using System.Text.Json;

namespace GatoLink.NodeSim.Tests;

public sealed class CompletionApiTests(InstantServerFixture fixture) : IClassFixture<InstantServerFixture>
{
    private readonly HttpClient _client = fixture.Client;

    [Fact]
    public async Task NonStreamingChatReportsExactUsageAndLengthFinish()
    {
        const string content = "Tell me about prefix caching, please.";
        using var response = await _client.PostAsync("/v1/chat/completions", SimHttp.Json(SimHttp.ChatBody(content, maxTokens: 7)));
        response.EnsureSuccessStatusCode();
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = doc.RootElement;
        Assert.Equal("chat.completion", root.GetProperty("object").GetString());
        Assert.StartsWith("chatcmpl-", root.GetProperty("id").GetString());
        var choice = root.GetProperty("choices")[0];
        Assert.Equal("length", choice.GetProperty("finish_reason").GetString());
        var text = choice.GetProperty("message").GetProperty("content").GetString()!;
        Assert.Equal(7, text.Split(' ').Length);

        var usage = root.GetProperty("usage");
        var prompt = SimTokenizer.CountChatTokens([new SimChatMessage("user", content)]);
        Assert.Equal(prompt, usage.GetProperty("prompt_tokens").GetInt32());
        Assert.Equal(7, usage.GetProperty("completion_tokens").GetInt32());
        Assert.Equal(prompt + 7, usage.GetProperty("total_tokens").GetInt32());
    }

    [Fact]
    public async Task WithoutMaxTokensOutputIsDeterministicAndStops()
    {
        var body = SimHttp.ChatBody("same prompt every time");
        var a = await (await _client.PostAsync("/v1/chat/completions", SimHttp.Json(body))).Content.ReadAsStringAsync();
        var b = await (await _client.PostAsync("/v1/chat/completions", SimHttp.Json(body))).Content.ReadAsStringAsync();
        using var da = JsonDocument.Parse(a);
        using var db = JsonDocument.Parse(b);
        var ca = da.RootElement.GetProperty("choices")[0];
        Assert.Equal(ca.GetProperty("message").GetProperty("content").GetString(), db.RootElement.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString());
        Assert.Equal("stop", ca.GetProperty("finish_reason").GetString());
        var completion = da.RootElement.GetProperty("usage").GetProperty("completion_tokens").GetInt32();
        Assert.InRange(completion, 8, 32); // instant profile's output bounds
        Assert.Equal(completion, ca.GetProperty("message").GetProperty("content").GetString()!.Split(' ').Length);
    }

    [Fact]
    public async Task StreamingChatCountsOneTokenPerContentChunkAndEndsWithDone()
    {
        using var response = await SimHttp.PostStreamAsync(_client, "/v1/chat/completions", SimHttp.ChatBody("stream it", maxTokens: 9, stream: true));
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var events = await SimHttp.ReadEventsAsync(response);
        Assert.Equal("assistant", events[0].GetProperty("choices")[0].GetProperty("delta").GetProperty("role").GetString());
        Assert.Equal(9, events.Count(SimHttp.IsContentChunk));
        Assert.All(events, e => Assert.Equal("chat.completion.chunk", e.GetProperty("object").GetString()));
        Assert.All(events, e => Assert.False(e.TryGetProperty("usage", out _)));
        Assert.Equal("length", events[^1].GetProperty("choices")[0].GetProperty("finish_reason").GetString());
    }

    [Fact]
    public async Task IncludeUsageAddsAFinalChunkWithEmptyChoices()
    {
        using var response = await SimHttp.PostStreamAsync(_client, "/v1/chat/completions",
            SimHttp.ChatBody("with usage", maxTokens: 5, stream: true, streamOptions: """{"include_usage":true}"""));
        var events = await SimHttp.ReadEventsAsync(response);
        var last = events[^1];
        Assert.Equal(0, last.GetProperty("choices").GetArrayLength());
        var usage = last.GetProperty("usage");
        Assert.Equal(5, usage.GetProperty("completion_tokens").GetInt32());
        Assert.Equal(events.Count(SimHttp.IsContentChunk), usage.GetProperty("completion_tokens").GetInt32());
        Assert.Equal(usage.GetProperty("prompt_tokens").GetInt32() + 5, usage.GetProperty("total_tokens").GetInt32());
        Assert.Single(events, e => e.TryGetProperty("usage", out _));
    }

    [Fact]
    public async Task ContinuousUsageStatsPutsRunningUsageOnEveryChunk()
    {
        using var response = await SimHttp.PostStreamAsync(_client, "/v1/completions",
            """{"model":"demo-8b","prompt":"count me","max_tokens":4,"stream":true,"stream_options":{"include_usage":true,"continuous_usage_stats":true}}""");
        var events = await SimHttp.ReadEventsAsync(response);
        Assert.All(events, e => Assert.True(e.TryGetProperty("usage", out _)));
        var running = events.Where(SimHttp.IsContentChunk).Select(e => e.GetProperty("usage").GetProperty("completion_tokens").GetInt32()).ToArray();
        Assert.Equal([1, 2, 3, 4], running);
        Assert.Equal("text_completion", events[0].GetProperty("object").GetString());
    }

    [Fact]
    public async Task CompletionsNonStreamingUsesPromptTokenizer()
    {
        const string prompt = "Once upon a time, in a datacenter";
        using var response = await _client.PostAsync("/v1/completions", SimHttp.Json($$"""{"model":"other-8b","prompt":"{{prompt}}","max_tokens":3}"""));
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("other-8b", doc.RootElement.GetProperty("model").GetString());
        Assert.Equal(SimTokenizer.CountTokens(prompt), doc.RootElement.GetProperty("usage").GetProperty("prompt_tokens").GetInt32());
        Assert.Equal(3, doc.RootElement.GetProperty("usage").GetProperty("completion_tokens").GetInt32());
    }

    [Fact]
    public async Task UnknownModelIs404InOpenAiErrorShape()
    {
        using var response = await _client.PostAsync("/v1/chat/completions", SimHttp.Json(SimHttp.ChatBody("hi", model: "nope")));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var error = doc.RootElement.GetProperty("error");
        Assert.Contains("nope", error.GetProperty("message").GetString());
        Assert.Equal("NotFoundError", error.GetProperty("type").GetString());
        Assert.Equal("model", error.GetProperty("param").GetString());
        Assert.Equal(404, error.GetProperty("code").GetInt32());
    }

    [Theory]
    [InlineData("/v1/chat/completions", "{\"model\":")]
    [InlineData("/v1/completions", "[1,2")]
    [InlineData("/v1/embeddings", "not json")]
    [InlineData("/v1/chat/completions", "{\"model\":\"demo-8b\"}")]
    public async Task MalformedBodiesAre400(string path, string body)
    {
        using var response = await _client.PostAsync(path, SimHttp.Json(body));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(400, doc.RootElement.GetProperty("error").GetProperty("code").GetInt32());
    }

    [Fact]
    public async Task PromptBeyondMaxModelLenIs400()
    {
        using var response = await _client.PostAsync("/v1/completions", SimHttp.Json("""{"prompt":"hi","max_tokens":200000}"""));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task ModelsListsEveryServedNameWithMaxModelLen()
    {
        using var doc = JsonDocument.Parse(await _client.GetStringAsync("/v1/models"));
        Assert.Equal("list", doc.RootElement.GetProperty("object").GetString());
        var data = doc.RootElement.GetProperty("data");
        Assert.Equal(["demo-8b", "other-8b"], data.EnumerateArray().Select(m => m.GetProperty("id").GetString()!));
        Assert.Equal(131_072, data[0].GetProperty("max_model_len").GetInt32());
        Assert.Equal("model", data[0].GetProperty("object").GetString());
    }

    [Fact]
    public async Task HealthIsEmpty200()
    {
        using var response = await _client.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(string.Empty, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task TokenizeCountsPromptsAndChatMessagesLikeUsage()
    {
        using var p = JsonDocument.Parse(await (await _client.PostAsync("/tokenize", SimHttp.Json("""{"model":"demo-8b","prompt":"Hello, world!"}"""))).Content.ReadAsStringAsync());
        Assert.Equal(6, p.RootElement.GetProperty("count").GetInt32());
        Assert.Equal(6, p.RootElement.GetProperty("tokens").GetArrayLength());
        Assert.Equal(131_072, p.RootElement.GetProperty("max_model_len").GetInt32());

        using var c = JsonDocument.Parse(await (await _client.PostAsync("/tokenize", SimHttp.Json("""{"messages":[{"role":"user","content":"Hello, world!"}]}"""))).Content.ReadAsStringAsync());
        Assert.Equal(SimTokenizer.CountChatTokens([new SimChatMessage("user", "Hello, world!")]), c.RootElement.GetProperty("count").GetInt32());
    }
}
