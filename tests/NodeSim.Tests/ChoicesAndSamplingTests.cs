using System.Text.Json;

namespace GatoLink.NodeSim.Tests;

/// <summary><c>n</c>, <c>stop</c>, <c>seed</c>/<c>temperature</c>, logprobs and <c>max_completion_tokens</c>.</summary>
public sealed class ChoicesAndSamplingTests(InstantServerFixture fixture) : IClassFixture<InstantServerFixture>
{
    private readonly HttpClient _client = fixture.Client;

    private static string Chat(string extra, string content = "tell me something") =>
        $$"""{"model":"demo-8b","messages":[{"role":"user","content":"{{content}}"}]{{extra}}}""";

    [Fact]
    public async Task NChoicesEachHaveTheirIndexAndUsageSumsTheirTokens()
    {
        var root = await SimHttp.PostForJsonAsync(_client, "/v1/chat/completions", Chat(""","n":3,"max_tokens":5"""));

        var choices = root.GetProperty("choices").EnumerateArray().ToList();
        Assert.Equal([0, 1, 2], choices.Select(c => c.GetProperty("index").GetInt32()));
        Assert.All(choices, c => Assert.Equal(5, c.GetProperty("message").GetProperty("content").GetString()!.Split(' ').Length));
        Assert.Equal(3, choices.Select(c => c.GetProperty("message").GetProperty("content").GetString()).Distinct().Count());
        var usage = root.GetProperty("usage");
        Assert.Equal(15, usage.GetProperty("completion_tokens").GetInt32());
        Assert.Equal(SimTokenizer.CountChatTokens([new SimChatMessage("user", "tell me something")]), usage.GetProperty("prompt_tokens").GetInt32());
    }

    [Fact]
    public async Task StreamedChoicesInterleaveOneChunkPerChoicePerStep()
    {
        var events = await SimHttp.PostForEventsAsync(_client, "/v1/chat/completions",
            Chat(""","n":2,"max_tokens":4,"stream":true,"stream_options":{"include_usage":true}"""));

        var withChoices = events.Where(e => e.GetProperty("choices").GetArrayLength() > 0).ToList();
        Assert.All(withChoices, e => Assert.Equal(1, e.GetProperty("choices").GetArrayLength()));
        var order = withChoices.Select(e => e.GetProperty("choices")[0].GetProperty("index").GetInt32()).ToList();
        Assert.Equal([0, 1, 0, 1, 0, 1, 0, 1, 0, 1], order); // a role chunk each, then four steps
        Assert.Equal("assistant", withChoices[1].GetProperty("choices")[0].GetProperty("delta").GetProperty("role").GetString());
        Assert.All(withChoices.TakeLast(2), e => Assert.Equal("length", e.GetProperty("choices")[0].GetProperty("finish_reason").GetString()));
        Assert.Equal(8, events[^1].GetProperty("usage").GetProperty("completion_tokens").GetInt32());
    }

    [Fact]
    public async Task ContinuousUsageCountsEachChoiceOwnTokens()
    {
        var events = await SimHttp.PostForEventsAsync(_client, "/v1/chat/completions",
            Chat(""","n":2,"max_tokens":3,"stream":true,"stream_options":{"include_usage":true,"continuous_usage_stats":true}"""));

        var last = events.Where(e => e.GetProperty("choices").GetArrayLength() > 0).TakeLast(2).ToList();
        Assert.All(last, e => Assert.Equal(3, e.GetProperty("usage").GetProperty("completion_tokens").GetInt32()));
        Assert.Equal(6, events[^1].GetProperty("usage").GetProperty("completion_tokens").GetInt32());
    }

    [Fact]
    public async Task StopStringEndsTheOutputBeforeItWithFinishStop()
    {
        var free = await SimHttp.PostForJsonAsync(_client, "/v1/chat/completions", Chat(""","max_tokens":40"""));
        var text = free.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString()!;
        var words = text.Split(' ');
        var stop = " " + words[5]; // the sixth word, so the cut lands mid-text

        var root = await SimHttp.PostForJsonAsync(_client, "/v1/chat/completions", Chat($$""","max_tokens":40,"stop":["zzz-never","{{stop}}"]"""));

        var choice = root.GetProperty("choices")[0];
        var cut = choice.GetProperty("message").GetProperty("content").GetString()!;
        Assert.Equal(text[..text.IndexOf(stop, StringComparison.Ordinal)], cut);
        Assert.Equal("stop", choice.GetProperty("finish_reason").GetString());
        Assert.Equal(stop, choice.GetProperty("stop_reason").GetString());
        Assert.Equal(cut.Split(' ').Length + 1, root.GetProperty("usage").GetProperty("completion_tokens").GetInt32());
    }

    [Fact]
    public async Task StopStringCutsAStreamToo()
    {
        var free = await SimHttp.PostForJsonAsync(_client, "/v1/chat/completions", Chat(""","max_tokens":20"""));
        var text = free.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString()!;
        var stop = text.Split(' ')[3][..2]; // a piece of the fourth word

        var events = await SimHttp.PostForEventsAsync(_client, "/v1/chat/completions", Chat($$""","max_tokens":20,"stream":true,"stop":"{{stop}}" """));

        var streamed = string.Concat(events.Select(e => e.GetProperty("choices")[0].GetProperty("delta").GetProperty("content").GetString()));
        Assert.Equal(text[..text.IndexOf(stop, StringComparison.Ordinal)], streamed);
        Assert.Equal("stop", events[^1].GetProperty("choices")[0].GetProperty("finish_reason").GetString());
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.7)]
    [InlineData(1.5)]
    public async Task SameSeedGivesTheSameOutputOnAnyNodeAtAnyTemperature(double temperature)
    {
        await using var other = await NodeSimServer.StartAsync(TestOptions.Instant(o => o.Seed = 1234));
        using var otherClient = SimHttp.Client(other);
        var body = Chat($$""","n":2,"seed":99,"temperature":{{temperature.ToString(System.Globalization.CultureInfo.InvariantCulture)}}""");

        var a = await SimHttp.PostForJsonAsync(_client, "/v1/chat/completions", body);
        var b = await SimHttp.PostForJsonAsync(otherClient, "/v1/chat/completions", body);

        Assert.Equal(Contents(a), Contents(b));
    }

    [Fact]
    public async Task DifferentSeedsDifferAndTemperatureZeroIsGreedyWhateverTheSeed()
    {
        var one = await SimHttp.PostForJsonAsync(_client, "/v1/chat/completions", Chat(""","seed":1,"max_tokens":12"""));
        var two = await SimHttp.PostForJsonAsync(_client, "/v1/chat/completions", Chat(""","seed":2,"max_tokens":12"""));
        Assert.NotEqual(Contents(one), Contents(two));

        var greedy = await SimHttp.PostForJsonAsync(_client, "/v1/chat/completions", Chat(""","seed":1,"temperature":0,"n":2,"max_tokens":12"""));
        var greedyOther = await SimHttp.PostForJsonAsync(_client, "/v1/chat/completions", Chat(""","seed":2,"temperature":0,"max_tokens":12"""));
        var texts = Contents(greedy);
        Assert.Equal(texts[0], texts[1]);
        Assert.Equal(texts[0], Contents(greedyOther)[0]);
    }

    [Fact]
    public async Task ChatLogprobsCarryTokenBytesAndTopAlternatives()
    {
        var root = await SimHttp.PostForJsonAsync(_client, "/v1/chat/completions", Chat(""","max_tokens":4,"logprobs":true,"top_logprobs":3"""));

        var choice = root.GetProperty("choices")[0];
        var content = choice.GetProperty("logprobs").GetProperty("content").EnumerateArray().ToList();
        Assert.Equal(4, content.Count);
        Assert.Equal(choice.GetProperty("message").GetProperty("content").GetString(), string.Concat(content.Select(c => c.GetProperty("token").GetString())));
        foreach (var entry in content)
        {
            var token = entry.GetProperty("token").GetString()!;
            Assert.Equal(System.Text.Encoding.UTF8.GetBytes(token), entry.GetProperty("bytes").EnumerateArray().Select(b => (byte)b.GetInt32()));
            Assert.True(entry.GetProperty("logprob").GetDouble() <= 0);
            var top = entry.GetProperty("top_logprobs").EnumerateArray().ToList();
            Assert.Equal(3, top.Count);
            Assert.Equal(token, top[0].GetProperty("token").GetString());
            Assert.Equal(top.Select(t => t.GetProperty("logprob").GetDouble()).OrderDescending(), top.Select(t => t.GetProperty("logprob").GetDouble()));
        }
    }

    [Fact]
    public async Task StreamedChatLogprobsComeOnePerTokenChunk()
    {
        var events = await SimHttp.PostForEventsAsync(_client, "/v1/chat/completions", Chat(""","max_tokens":3,"stream":true,"logprobs":true"""));

        var tokenChunks = events.Skip(1).Select(e => e.GetProperty("choices")[0]).ToList();
        Assert.Equal(3, tokenChunks.Count);
        Assert.All(tokenChunks, c =>
        {
            var entry = Assert.Single(c.GetProperty("logprobs").GetProperty("content").EnumerateArray());
            Assert.Equal(c.GetProperty("delta").GetProperty("content").GetString(), entry.GetProperty("token").GetString());
            Assert.Empty(entry.GetProperty("top_logprobs").EnumerateArray());
        });
    }

    [Fact]
    public async Task CompletionLogprobsUseTheLegacyShape()
    {
        var root = await SimHttp.PostForJsonAsync(_client, "/v1/completions", """{"prompt":"legacy","max_tokens":3,"logprobs":2}""");

        var choice = root.GetProperty("choices")[0];
        var text = choice.GetProperty("text").GetString()!;
        var logprobs = choice.GetProperty("logprobs");
        var tokens = logprobs.GetProperty("tokens").EnumerateArray().Select(t => t.GetString()!).ToList();
        Assert.Equal(text, string.Concat(tokens));
        Assert.Equal(3, logprobs.GetProperty("token_logprobs").GetArrayLength());
        var offsets = logprobs.GetProperty("text_offset").EnumerateArray().Select(o => o.GetInt32()).ToList();
        Assert.Equal([0, tokens[0].Length, tokens[0].Length + tokens[1].Length], offsets);
        Assert.All(logprobs.GetProperty("top_logprobs").EnumerateArray(), t => Assert.Equal(2, t.EnumerateObject().Count()));
    }

    [Fact]
    public async Task MaxCompletionTokensIsMaxTokens()
    {
        var root = await SimHttp.PostForJsonAsync(_client, "/v1/chat/completions", Chat(""","max_completion_tokens":6"""));

        Assert.Equal(6, root.GetProperty("usage").GetProperty("completion_tokens").GetInt32());
        Assert.Equal("length", root.GetProperty("choices")[0].GetProperty("finish_reason").GetString());
    }

    private static List<string> Contents(JsonElement root) =>
        root.GetProperty("choices").EnumerateArray().Select(c => c.GetProperty("message").GetProperty("content").GetString()!).ToList();
}
