using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using GatoLink.Integration.Tests.Infrastructure;
using OpenAI.Chat;

namespace GatoLink.Integration.Tests.Observability;

/// <summary>/metrics after real traffic: values move, the text is valid Prometheus exposition.</summary>
public sealed partial class MetricsEndpointTests
{
    private static double Sum(string exposition, string metric, params string[] labelFragments) =>
        exposition.Split('\n')
            .Where(l => l.StartsWith(metric + "{", StringComparison.Ordinal) || l.StartsWith(metric + " ", StringComparison.Ordinal))
            .Where(l => labelFragments.All(f => l.Contains(f, StringComparison.Ordinal)))
            .Sum(l => double.Parse(l[(l.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture));

    [Fact]
    public async Task RequestsTokensLatencyAndRefusalsShowInTheExposition()
    {
        await using var nodes = await SimNodes.StartAsync(2, "instant");
        await using var silo = await SiloHarness.StartAsync(nodes.Urls);
        var key = await silo.CreateUserKeyAsync();
        var chat = silo.OpenAi(key).GetChatClient("demo-8b");
        for (var i = 0; i < 3; i++)
        {
            await chat.CompleteChatAsync([new UserChatMessage("metrics " + i)], new ChatCompletionOptions { MaxOutputTokenCount = 5 });
        }

        await foreach (var _ in chat.CompleteChatStreamingAsync([new UserChatMessage("stream")], new ChatCompletionOptions { MaxOutputTokenCount = 4 }))
        {
        }

        using var anonymous = new HttpClient { BaseAddress = silo.BaseUrl };
        using (var refused = await anonymous.PostAsync("v1/chat/completions", new StringContent("{}", Encoding.UTF8, "application/json")))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }

        using var response = await anonymous.GetAsync("metrics");
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(4, Sum(text, "gatolink_gateway_requests_total", "model=\"demo-8b\"", "status_code=\"200\""));
        Assert.Equal(1, Sum(text, "gatolink_gateway_requests_total", "status_code=\"401\""));
        Assert.Equal((3 * 5) + 4, Sum(text, "gatolink_gateway_tokens_completion_total", "model=\"demo-8b\""));
        Assert.Equal(4, Sum(text, "gatolink_gateway_request_duration_seconds_count", "model=\"demo-8b\""));
        // Only streams have a first token distinct from the whole answer.
        Assert.Equal(1, Sum(text, "gatolink_gateway_time_to_first_token_seconds_count"));
        Assert.True(Sum(text, "gatolink_tenant_cost_microusd_total") > 0);
        Assert.Contains("# TYPE gatolink_gateway_requests_total counter", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE gatolink_gateway_request_duration_seconds histogram", text, StringComparison.Ordinal);
        Assert.Matches(NodeGauge(), text);
        Assert.DoesNotContain(key, text, StringComparison.Ordinal);

        var promtool = ExternalTool.Find("promtool");
        if (promtool is not null)
        {
            var (exit, output) = await ExternalTool.RunAsync(promtool, "check metrics", text);
            Assert.True(exit == 0, output);
        }
    }

    [GeneratedRegex("gatolink_node_healthy\\{node=\"node-1\"\\} 1")]
    private static partial Regex NodeGauge();
}
