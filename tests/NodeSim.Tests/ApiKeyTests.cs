using System.Net;
using System.Net.Http.Headers;

namespace GatoLink.NodeSim.Tests;

/// <summary>vLLM's <c>--api-key</c>: <c>/v1</c> needs the Bearer key (401 <c>{"error":"Unauthorized"}</c> without it); other paths stay open.</summary>
public sealed class ApiKeyTests
{
    private const string Key = "sim-secret-key";

    [Fact]
    public async Task V1WithoutTheKeyIs401AndNeverReachesTheEngine()
    {
        await using var sim = await NodeSimServer.StartAsync(TestOptions.Instant(o => o.ApiKey = Key));
        using var client = SimHttp.Client(sim);

        using var none = await client.PostAsync("/v1/chat/completions", SimHttp.Json(SimHttp.ChatBody("hi", 2)));
        using var wrong = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions") { Content = SimHttp.Json(SimHttp.ChatBody("hi", 2)) };
        wrong.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Key + "x");
        using var wrongAnswer = await client.SendAsync(wrong);
        using var models = await client.GetAsync("/v1/models");

        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.Equal("""{"error":"Unauthorized"}""", await none.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, wrongAnswer.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, models.StatusCode);
        Assert.Equal(0, sim.Engine.RequestsReceived);
    }

    [Fact]
    public async Task V1WithTheBearerKeyIsServedAndMetricsStayOpen()
    {
        await using var sim = await NodeSimServer.StartAsync(TestOptions.Instant(o => o.ApiKey = Key));
        using var client = SimHttp.Client(sim);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions") { Content = SimHttp.Json(SimHttp.ChatBody("hi", 2)) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Key);

        using var answer = await client.SendAsync(request);
        using var metrics = await client.GetAsync("/metrics");

        answer.EnsureSuccessStatusCode();
        metrics.EnsureSuccessStatusCode();
        Assert.Equal(1, sim.Engine.RequestsCompleted);
    }

    [Fact]
    public void TheFlagSetsTheKey()
    {
        Assert.Equal(Key, CommandLine.Parse(["--api-key", Key]).Options.ApiKey);
        Assert.Null(CommandLine.Parse([]).Options.ApiKey);
    }
}
