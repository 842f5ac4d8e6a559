using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using GatoLink.Grains.Abstractions.Usage;
using GatoLink.Integration.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace GatoLink.Integration.Tests.DataPlane;

/// <summary>What the SDK cannot send: bad bodies, raw SSE, hang-ups.</summary>
public sealed class RawHttpTests : IClassFixture<DataPlaneFixture>
{
    private readonly DataPlaneFixture _fx;

    public RawHttpTests(DataPlaneFixture fx) => _fx = fx;

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private static async Task<JsonObject> ErrorOf(HttpResponseMessage response)
    {
        var json = await response.Content.ReadFromJsonAsync<JsonObject>();
        return (JsonObject)json!["error"]!;
    }

    [Theory]
    [InlineData("{not json", null)]
    [InlineData("[1,2]", null)]
    [InlineData("{\"model\":42,\"messages\":[]}", "model")]
    [InlineData("{\"model\":\"demo-8b\",\"stream\":\"yes\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}", "stream")]
    [InlineData("{\"model\":\"demo-8b\",\"max_tokens\":-5,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}", "max_tokens")]
    [InlineData("{\"model\":\"demo-8b\"}", "messages")]
    [InlineData("{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}", "model")]
    public async Task MalformedBodiesGetOpenAiShaped400(string body, string? param)
    {
        using var http = _fx.Silo.Http(_fx.UserKey);

        using var response = await http.PostAsync("v1/chat/completions", Json(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = await ErrorOf(response);
        Assert.Equal("invalid_request_error", (string?)error["type"]);
        Assert.Equal(param, (string?)error["param"]);
        Assert.False(string.IsNullOrEmpty((string?)error["message"]));
    }

    [Theory]
    [InlineData("FF FE")] // bytes that never occur in UTF-8
    [InlineData("C0 AF")] // overlong '/'
    [InlineData("ED A0 80")] // a UTF-16 surrogate encoded as UTF-8
    [InlineData("E2 82")] // truncated sequence
    public async Task BodyThatIsNotUtf8IsAnOpenAiShaped400(string badHex)
    {
        using var http = _fx.Silo.Http(_fx.UserKey);
        var body = Encoding.UTF8.GetBytes("{\"model\":\"demo-8b\",\"max_tokens\":2,\"messages\":[{\"role\":\"user\",\"content\":\"a")
            .Concat(Convert.FromHexString(badHex.Replace(" ", "", StringComparison.Ordinal)))
            .Concat(Encoding.UTF8.GetBytes("b\"}]}"))
            .ToArray();
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new("application/json");

        using var response = await http.PostAsync("v1/chat/completions", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = await ErrorOf(response);
        Assert.Equal("invalid_request_error", (string?)error["type"]);
        Assert.Null((string?)error["param"]);
        Assert.Contains("UTF-8", (string?)error["message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task BodyOverTheLimitIs413()
    {
        using var http = _fx.Silo.Http(_fx.UserKey);
        var huge = new string('a', 9 * 1024 * 1024);

        using var response = await http.PostAsync("v1/chat/completions", Json($"{{\"model\":\"demo-8b\",\"messages\":[{{\"role\":\"user\",\"content\":\"{huge}\"}}]}}"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("request_too_large", (string?)(await ErrorOf(response))["code"]);
    }

    [Fact]
    public async Task MissingKeyIs401()
    {
        using var http = new HttpClient { BaseAddress = _fx.Silo.BaseUrl };

        using var response = await http.PostAsync("v1/chat/completions", Json("{}"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("invalid_api_key", (string?)(await ErrorOf(response))["code"]);
    }

    [Fact]
    public async Task StreamWithoutIncludeUsageHidesTheUsageChunkButBillsTheTokens()
    {
        using var http = _fx.Silo.Http(_fx.UserKey);
        var body = "{\"model\":\"demo-8b\",\"stream\":true,\"max_tokens\":6,\"messages\":[{\"role\":\"user\",\"content\":\"hidden usage\"}]}";

        using var response = await http.PostAsync("v1/chat/completions", Json(body));
        var text = await response.Content.ReadAsStringAsync();
        var requestId = response.Headers.GetValues("x-request-id").Single();

        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var events = text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("data: [DONE]", events[^1]);
        Assert.DoesNotContain("\"usage\":{", text, StringComparison.Ordinal);
        var usage = _fx.Silo.Services.GetRequiredService<RecentUsageSink>().Snapshot().Single(e => e.RequestId == requestId);
        Assert.Equal(6, usage.CompletionTokens);
        Assert.Equal(UsageStatus.Success, usage.Status);
        Assert.NotNull(usage.TimeToFirstTokenMs);
    }

    [Fact]
    public async Task StreamWithIncludeUsageForwardsTheUsageChunk()
    {
        using var http = _fx.Silo.Http(_fx.UserKey);
        var body = "{\"model\":\"demo-8b\",\"stream\":true,\"stream_options\":{\"include_usage\":true},\"max_tokens\":4,\"messages\":[{\"role\":\"user\",\"content\":\"u\"}]}";

        using var response = await http.PostAsync("v1/chat/completions", Json(body));
        var text = await response.Content.ReadAsStringAsync();

        Assert.Contains("\"completion_tokens\":4", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LegacyCompletionsStreamAndCount()
    {
        using var http = _fx.Silo.Http(_fx.UserKey);
        var body = "{\"model\":\"demo-8b\",\"stream\":true,\"max_tokens\":5,\"prompt\":\"Once upon a time\"}";

        using var response = await http.PostAsync("v1/completions", Json(body));
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var chunks = text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries).Where(e => e.Contains("\"text\":\"", StringComparison.Ordinal) && !e.Contains("\"text\":\"\"", StringComparison.Ordinal));
        Assert.Equal(5, chunks.Count());
        Assert.EndsWith("data: [DONE]", text.TrimEnd(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExtraOpenAiFieldsReachTheNodeUntouched()
    {
        using var http = _fx.Silo.Http(_fx.UserKey);
        // "stop" and "seed" are not parsed by the gateway; the node must still see them (NodeSim honours stop).
        var body = "{\"model\":\"demo-8b\",\"max_tokens\":3,\"seed\":1,\"user\":\"u-1\",\"messages\":[{\"role\":\"user\",\"content\":\"fields\"}],\"logit_bias\":{}}";

        using var response = await http.PostAsync("v1/chat/completions", Json(body));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = await response.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal(3, (int)json!["usage"]!["completion_tokens"]!);
    }
}
