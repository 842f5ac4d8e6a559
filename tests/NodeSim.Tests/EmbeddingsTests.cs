using System.Text.Json;

namespace GatoLink.NodeSim.Tests;

public sealed class EmbeddingsTests(InstantServerFixture fixture) : IClassFixture<InstantServerFixture>
{
    private readonly HttpClient _client = fixture.Client;

    private async Task<JsonDocument> EmbedAsync(string body) =>
        JsonDocument.Parse(await (await _client.PostAsync("/v1/embeddings", SimHttp.Json(body))).Content.ReadAsStringAsync());

    private static double[] Vector(JsonDocument doc, int index) =>
        doc.RootElement.GetProperty("data")[index].GetProperty("embedding").EnumerateArray().Select(x => x.GetDouble()).ToArray();

    [Fact]
    public async Task SameInputGivesSameUnitVectorDifferentInputDiffers()
    {
        using var a = await EmbedAsync("""{"model":"demo-8b","input":"hello world"}""");
        using var b = await EmbedAsync("""{"model":"demo-8b","input":["hello world","goodbye"]}""");
        var va = Vector(a, 0);
        Assert.Equal(1024, va.Length);
        Assert.Equal(va, Vector(b, 0));
        Assert.NotEqual(va, Vector(b, 1));
        Assert.Equal(1.0, Math.Sqrt(va.Sum(x => x * x)), 9);
        Assert.Equal(1, b.RootElement.GetProperty("data")[1].GetProperty("index").GetInt32());
    }

    [Fact]
    public async Task DimensionsAndUsageAreHonoured()
    {
        using var doc = await EmbedAsync("""{"input":["one two three","four"],"dimensions":8}""");
        Assert.Equal(8, Vector(doc, 0).Length);
        Assert.Equal(SimTokenizer.CountTokens("one two three") + SimTokenizer.CountTokens("four"), doc.RootElement.GetProperty("usage").GetProperty("prompt_tokens").GetInt32());
        Assert.Equal("list", doc.RootElement.GetProperty("object").GetString());
    }
}
