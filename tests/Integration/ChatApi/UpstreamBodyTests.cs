using System.Text;
using GatoLink.Gateway.OpenAi;

namespace GatoLink.Integration.Tests.ChatApi;

/// <summary>What the node receives: the client's body, with only the gateway's own changes.</summary>
public sealed class UpstreamBodyTests
{
    private static ParsedRequest Parse(string body) =>
        InferenceRequestParser.Parse(Encoding.UTF8.GetBytes(body), InferenceKind.Chat, out var error) ?? throw new InvalidOperationException(error!.Message);

    private static string Build(string body, int? cap) =>
        Encoding.UTF8.GetString(UpstreamBody.Build(Encoding.UTF8.GetBytes(body), Parse(body), "demo-8b", cap).Span);

    [Fact]
    public void AStreamWithoutUsageGetsOneInsertionAndNothingElseChanges()
    {
        const string body = """{"model":"demo-8b","stream":true,"n":2,"tools":[{"type":"function","function":{"name":"f","parameters":{"type":"object"}}}],"messages":[{"role":"user","content":"Grüße <b> & 1e3"}]}""";

        Assert.Equal(body.Insert(1, "\"stream_options\":{\"include_usage\":true},"), Build(body, cap: null));
    }

    [Fact]
    public void ABudgetCapRewritesMaxTokensAndKeepsEveryOtherFieldAsWritten()
    {
        // Non-ASCII text, HTML-looking characters, number spellings and unknown fields reach the node as the client wrote them.
        const string body = """{"model":"demo-8b","messages":[{"role":"user","content":"Grüße, 東京 <b> & 'x' + y"}],"temperature":0.70,"seed":1e3,"max_tokens":500,"logprobs":true,"top_logprobs":2,"response_format":{"type":"json_object"},"vendor_field":{"a":[1,2.50]}}""";

        var sent = Build(body, cap: 40);

        Assert.Equal(body.Replace("\"max_tokens\":500", "\"max_tokens\":40", StringComparison.Ordinal), sent);
    }

    [Fact]
    public void ACapOnMaxCompletionTokensCapsBothSpellings()
    {
        const string body = """{"model":"demo-8b","max_completion_tokens":300,"stream":true,"stream_options":{"continuous_usage_stats":true},"messages":[{"role":"user","content":"hi"}]}""";

        var sent = Build(body, cap: 30);

        Assert.Equal("""{"model":"demo-8b","max_completion_tokens":30,"stream":true,"stream_options":{"continuous_usage_stats":true,"include_usage":true},"messages":[{"role":"user","content":"hi"}],"max_tokens":30}""", sent);
    }

    [Fact]
    public void ATenantsCacheSaltGoesLastSoThatTheClientsOwnCannotReplaceIt()
    {
        const string body = """{"model":"demo","cache_salt":"chosen-by-client","messages":[{"role":"user","content":"hi"}]}""";

        var sent = Encoding.UTF8.GetString(UpstreamBody.Build(Encoding.UTF8.GetBytes(body), Parse(body), "demo-8b", null, "0a1b2c").Span);

        Assert.Equal("""{"model":"demo-8b","cache_salt":"chosen-by-client","messages":[{"role":"user","content":"hi"}],"cache_salt":"0a1b2c"}""", sent);
        // The last of duplicate names wins in the node's JSON parser: the tenant's salt.
        using var parsed = System.Text.Json.JsonDocument.Parse(sent);
        Assert.Equal("0a1b2c", parsed.RootElement.EnumerateObject().Last(p => p.Name == "cache_salt").Value.GetString());
    }
}
