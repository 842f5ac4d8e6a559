using System.Text.Json;

namespace GatoLink.NodeSim.Tests;

/// <summary><c>response_format</c>: JSON mode and JSON schema.</summary>
public sealed class ResponseFormatTests(InstantServerFixture fixture) : IClassFixture<InstantServerFixture>
{
    private const string RichSchema = """
        {
          "type": "object",
          "properties": {
            "name": {"type": "string", "minLength": 3, "maxLength": 12},
            "age": {"type": "integer", "minimum": 18, "maximum": 99},
            "score": {"type": "number", "exclusiveMinimum": 0, "maximum": 1},
            "active": {"type": "boolean"},
            "nothing": {"type": "null"},
            "kind": {"enum": ["a", "b", 3]},
            "version": {"const": 2},
            "maybe": {"type": ["string", "null"], "maxLength": 5},
            "tags": {"type": "array", "items": {"type": "string", "maxLength": 8}, "minItems": 2, "maxItems": 4},
            "either": {"anyOf": [{"type": "integer", "minimum": 5, "maximum": 5}, {"type": "string"}]},
            "one": {"oneOf": [{"type": "boolean"}, {"type": "string"}]},
            "address": {"$ref": "#/$defs/address"},
            "legacy": {"$ref": "#/definitions/point"}
          },
          "required": ["name", "age", "tags", "address"],
          "$defs": {
            "address": {"type": "object", "properties": {"street": {"type": "string"}, "zip": {"type": "string", "minLength": 5, "maxLength": 5}}, "required": ["street", "zip"]}
          },
          "definitions": {
            "point": {"type": "array", "items": {"type": "number", "minimum": -1, "maximum": 1}, "minItems": 2, "maxItems": 2}
          }
        }
        """;

    private readonly HttpClient _client = fixture.Client;

    /// <summary>A <c>,"response_format":{…}</c> member to append inside a request object.</summary>
    private static string SchemaFormat(string name, string schema) =>
        ",\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"" + name + "\",\"schema\":" + schema + "}}";

    [Fact]
    public async Task JsonObjectModeAnswersWithAJsonObject()
    {
        var root = await SimHttp.PostForJsonAsync(_client, "/v1/chat/completions",
            """{"messages":[{"role":"user","content":"json please"}],"response_format":{"type":"json_object"}}""");

        var content = root.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString()!;
        using var doc = JsonDocument.Parse(content);
        Assert.Equal(JsonValueKind.Object, doc.RootElement.ValueKind);
        Assert.Equal("stop", root.GetProperty("choices")[0].GetProperty("finish_reason").GetString());
        Assert.Equal(SimTokenizer.CountTokens(content), root.GetProperty("usage").GetProperty("completion_tokens").GetInt32());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public async Task JsonSchemaOutputIsValidAgainstTheSchema(int seed)
    {
        var body = "{\"messages\":[{\"role\":\"user\",\"content\":\"fill it\"}],\"n\":2,\"seed\":" + seed + SchemaFormat("rich", RichSchema) + "}";
        var root = await SimHttp.PostForJsonAsync(_client, "/v1/chat/completions", body);

        var tokens = 0;
        foreach (var choice in root.GetProperty("choices").EnumerateArray())
        {
            var content = choice.GetProperty("message").GetProperty("content").GetString()!;
            JsonSchemaAssert.Valid(content, RichSchema);
            tokens += SimTokenizer.CountTokens(content);
        }

        Assert.Equal(tokens, root.GetProperty("usage").GetProperty("completion_tokens").GetInt32());
    }

    [Fact]
    public async Task StreamedJsonReassemblesToValidJsonOneTokenPerChunk()
    {
        var body = "{\"messages\":[{\"role\":\"user\",\"content\":\"fill it\"}],\"stream\":true" + SchemaFormat("rich", RichSchema) + "}";
        var events = await SimHttp.PostForEventsAsync(_client, "/v1/chat/completions", body);

        var pieces = events.Skip(1).Select(e => e.GetProperty("choices")[0].GetProperty("delta").GetProperty("content").GetString()!).ToList();
        var content = string.Concat(pieces);
        JsonSchemaAssert.Valid(content, RichSchema);
        Assert.Equal(SimTokenizer.CountTokens(content), pieces.Count);
    }

    [Fact]
    public async Task RecursiveSchemaEnds()
    {
        const string tree = """{"$ref":"#/$defs/node","$defs":{"node":{"type":"object","properties":{"label":{"type":"string"},"children":{"type":"array","items":{"$ref":"#/$defs/node"}}},"required":["label"]}}}""";
        var root = await SimHttp.PostForJsonAsync(_client, "/v1/chat/completions",
            "{\"messages\":[{\"role\":\"user\",\"content\":\"tree\"}]" + SchemaFormat("tree", tree) + "}");

        JsonSchemaAssert.Valid(root.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString()!, tree);
    }

    [Theory]
    [InlineData("{}", """{"type":"object","required":["a"]}""")]
    [InlineData("""{"a":"toolong"}""", """{"properties":{"a":{"type":"string","maxLength":3}}}""")]
    [InlineData("[1]", """{"type":"array","minItems":2}""")]
    [InlineData("1.5", """{"type":"integer"}""")]
    [InlineData("\"x\"", """{"$ref":"#/$defs/n","$defs":{"n":{"type":"number"}}}""")]
    public void TheTestValidatorRejectsWhatTheSchemaForbids(string json, string schema) =>
        Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => JsonSchemaAssert.Valid(json, schema));

    [Fact]
    public void SplitTokensConcatenatesBackAndCountsLikeTheTokenizer()
    {
        const string text = """{"name": "throughput  is\tsteady", "n": 12345678}""";
        var tokens = SimTokenizer.SplitTokens(text);
        Assert.Equal(text, string.Concat(tokens));
        Assert.Equal(SimTokenizer.CountTokens(text), tokens.Count);
        Assert.All(tokens, t => Assert.Equal(1, SimTokenizer.CountTokens(t)));
    }
}
