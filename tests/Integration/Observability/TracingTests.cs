using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;
using GatoLink.Grains.Telemetry;
using GatoLink.Integration.Tests.Infrastructure;
using GatoLink.Silo.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace GatoLink.Integration.Tests.Observability;

/// <summary>
/// The silo's own OpenTelemetry set-up, switched on by <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>: one streamed request is
/// one trace holding the HTTP server span, GatoLink's spans, the grain calls and the upstream call, and the spans
/// reach the OTLP endpoint.
/// </summary>
public sealed class TracingTests
{
    [Fact]
    public async Task StreamedRequestIsOneTraceWithHttpGrainAndUpstreamSpansExportedOverOtlp()
    {
        await using var collector = await OtlpReceiver.StartAsync();
        var spans = new SpanCollector();
        await using var nodes = await SimNodes.StartAsync(1, "instant");
        await using var silo = await SiloHarness.StartAsync(
            nodes.Urls,
            new Dictionary<string, string?>
            {
                [OpenTelemetryServiceCollectionExtensions.EndpointVariable] = collector.BaseUrl,
                ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
                ["OTEL_BSP_SCHEDULE_DELAY"] = "200",
            },
            configureServices: services => services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddProcessor(spans)));
        // A limited key: admission asks its ApiKeyGrain, so the request makes grain calls.
        using var http = silo.Http(await silo.CreateUserKeyAsync(new { name = "traced", rpm = 1000 }));

        using var response = await http.PostAsync("v1/chat/completions", new StringContent(
            "{\"model\":\"demo-8b\",\"stream\":true,\"max_tokens\":3,\"messages\":[{\"role\":\"user\",\"content\":\"trace\"}]}", Encoding.UTF8, "application/json"));
        await response.Content.ReadAsStringAsync();
        var requestId = response.Headers.GetValues("x-request-id").Single();

        var request = await spans.WaitForAsync(s => s.OperationName == SpanNames.Request && (string?)s.GetTagItem("gatolink.request_id") == requestId);
        var attempt = await spans.WaitForAsync(s => s.TraceId == request.TraceId && s.OperationName == SpanNames.UpstreamAttempt);

        // Spans end in their own order: the silo's HTTP server span after the response is complete, the upstream
        // client span when its body is released. Wait for each before reading the trace.
        await spans.WaitForAsync(s => s.SpanId == request.ParentSpanId);
        await spans.WaitForAsync(s => s.Source.Name == "System.Net.Http" && s.ParentSpanId == attempt.SpanId);
        var trace = spans.Of(request.TraceId);

        // The silo's HTTP server span is the parent of GatoLink's. (In this one process the test's own client call
        // and the node's server span are traced too, before and after it.)
        var server = Assert.Single(trace, s => s.SpanId == request.ParentSpanId);
        Assert.Equal("Microsoft.AspNetCore", server.Source.Name);
        Assert.Equal(ActivityKind.Server, server.Kind);
        Assert.Equal(200, request.GetTagItem("http.response.status_code"));
        Assert.Contains(trace, s => s.OperationName == SpanNames.Admission && s.ParentSpanId == request.SpanId);
        Assert.Contains(trace, s => s.OperationName == SpanNames.Placement && s.ParentSpanId == request.SpanId);
        Assert.Contains(trace, s => s.Source.Name == OpenTelemetryServiceCollectionExtensions.OrleansApplicationSource);
        Assert.Equal("node-1", attempt.GetTagItem("gatolink.node"));
        var upstream = Assert.Single(trace, s => s.Source.Name == "System.Net.Http" && s.ParentSpanId == attempt.SpanId);
        Assert.Equal(ActivityKind.Client, upstream.Kind);
        var traceparent = nodes.Servers[0].Engine.LastTraceParent;
        Assert.NotNull(traceparent);
        Assert.Contains(request.TraceId.ToHexString(), traceparent, StringComparison.Ordinal);
        Assert.Contains(upstream.SpanId.ToHexString(), traceparent, StringComparison.Ordinal);

        await collector.WaitForTracesAsync(TimeSpan.FromSeconds(20));
    }

    /// <summary>Keeps every span the silo's tracer provider ends.</summary>
    private sealed class SpanCollector : BaseProcessor<Activity>
    {
        private readonly ConcurrentQueue<Activity> _ended = new();

        public override void OnEnd(Activity data) => _ended.Enqueue(data);

        public List<Activity> Of(ActivityTraceId traceId) => _ended.Where(s => s.TraceId == traceId).ToList();

        public async Task<Activity> WaitForAsync(Func<Activity, bool> match)
        {
            var deadline = Stopwatch.StartNew();
            while (deadline.Elapsed < TimeSpan.FromSeconds(10))
            {
                if (_ended.FirstOrDefault(match) is { } found)
                {
                    return found;
                }

                await Task.Delay(50);
            }

            throw new TimeoutException($"No such span; ended: {string.Join(", ", _ended.Select(s => s.OperationName))}");
        }
    }

    /// <summary>An OTLP/HTTP endpoint that accepts whatever is posted and counts trace exports.</summary>
    private sealed class OtlpReceiver : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private int _traceExports;

        private OtlpReceiver(WebApplication app) => _app = app;

        public string BaseUrl => _app.Urls.First();

        public static async Task<OtlpReceiver> StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Logging.ClearProviders();
            var app = builder.Build();
            var receiver = new OtlpReceiver(app);
            app.MapPost("/v1/traces", (HttpRequest request) =>
            {
                if (request.ContentType == "application/x-protobuf" && request.ContentLength > 0)
                {
                    Interlocked.Increment(ref receiver._traceExports);
                }

                return Results.Ok();
            });
            app.MapPost("/v1/metrics", () => Results.Ok());
            await app.StartAsync();
            return receiver;
        }

        public async Task WaitForTracesAsync(TimeSpan limit)
        {
            var deadline = Stopwatch.StartNew();
            while (Volatile.Read(ref _traceExports) == 0)
            {
                Assert.True(deadline.Elapsed < limit, "No OTLP trace export reached the endpoint.");
                await Task.Delay(100);
            }
        }

        public async ValueTask DisposeAsync() => await _app.DisposeAsync();
    }
}
