using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using GatoLink.Grains.Telemetry;
using GatoLink.Integration.Tests.Infrastructure;

namespace GatoLink.Integration.Tests.Observability;

/// <summary>The span tree of one streamed request, seen by an in-process listener.</summary>
public sealed class TracingTests
{
    [Fact]
    public async Task StreamedRequestHasRequestAdmissionPlacementAndAttemptSpansAndTheNodeGetsTraceparent()
    {
        var spans = new ConcurrentBag<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == GatoLinkTracing.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Add,
        };
        ActivitySource.AddActivityListener(listener);

        await using var nodes = await SimNodes.StartAsync(1, "instant");
        await using var silo = await SiloHarness.StartAsync(nodes.Urls);
        using var http = silo.Http(await silo.CreateUserKeyAsync());
        using var response = await http.PostAsync("v1/chat/completions", new StringContent(
            "{\"model\":\"demo-8b\",\"stream\":true,\"max_tokens\":3,\"messages\":[{\"role\":\"user\",\"content\":\"trace\"}]}", Encoding.UTF8, "application/json"));
        await response.Content.ReadAsStringAsync();
        var requestId = response.Headers.GetValues("x-request-id").Single();

        var root = spans.Single(s => s.OperationName == SpanNames.Request && (string?)s.GetTagItem("gatolink.request_id") == requestId);
        var children = spans.Where(s => s.ParentSpanId == root.SpanId).ToList();
        Assert.Contains(children, s => s.OperationName == SpanNames.Admission);
        var placement = Assert.Single(children, s => s.OperationName == SpanNames.Placement);
        Assert.Equal("node-1", placement.GetTagItem("gatolink.node"));
        var attempt = Assert.Single(children, s => s.OperationName == SpanNames.UpstreamAttempt);
        Assert.Equal("node-1", attempt.GetTagItem("gatolink.node"));
        Assert.Equal(1, attempt.GetTagItem("gatolink.attempt"));
        Assert.Equal(200, root.GetTagItem("http.response.status_code"));
        var traceparent = nodes.Servers[0].Engine.LastTraceParent;
        Assert.NotNull(traceparent);
        Assert.Contains(root.TraceId.ToHexString(), traceparent, StringComparison.Ordinal);
    }
}
