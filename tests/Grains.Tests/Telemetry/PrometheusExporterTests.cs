using System.Diagnostics.Metrics;
using GatoLink.Grains.Telemetry;

namespace GatoLink.Grains.Tests.Telemetry;

public sealed class PrometheusExporterTests
{
    [Fact]
    public void CounterWithLabelsIsExportedWithTotalSuffixHelpAndType()
    {
        using var harness = new MetricsHarness();
        var counter = harness.Meter.CreateCounter<long>("gatolink.gateway.requests", "{request}", "Client requests.");

        counter.Add(2, new("model", "llama"), new("status_code", "200"));
        counter.Add(1, new("status_code", "500"), new("model", "llama"));
        counter.Add(3, new("model", "llama"), new("status_code", "200"));

        Assert.Equal(
            """
            # HELP gatolink_gateway_requests_total Client requests.
            # TYPE gatolink_gateway_requests_total counter
            gatolink_gateway_requests_total{model="llama",status_code="200"} 5
            gatolink_gateway_requests_total{model="llama",status_code="500"} 1

            """,
            harness.Exporter.Collect());
    }

    [Fact]
    public void HistogramHasCumulativeBucketsSumCountAndInf()
    {
        using var harness = new MetricsHarness();
        var histogram = harness.Meter.CreateHistogram(
            "gatolink.gateway.request.duration",
            "s",
            "Request duration.",
            tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.25, 1, 10] });

        foreach (var seconds in new[] { 0.125, 0.25, 0.5, 20 })
        {
            histogram.Record(seconds, new KeyValuePair<string, object?>("model", "m"));
        }

        Assert.Equal(
            """
            # HELP gatolink_gateway_request_duration_seconds Request duration.
            # TYPE gatolink_gateway_request_duration_seconds histogram
            gatolink_gateway_request_duration_seconds_bucket{model="m",le="0.25"} 2
            gatolink_gateway_request_duration_seconds_bucket{model="m",le="1"} 3
            gatolink_gateway_request_duration_seconds_bucket{model="m",le="10"} 3
            gatolink_gateway_request_duration_seconds_bucket{model="m",le="+Inf"} 4
            gatolink_gateway_request_duration_seconds_sum{model="m"} 20.875
            gatolink_gateway_request_duration_seconds_count{model="m"} 4

            """,
            harness.Exporter.Collect());
    }

    [Fact]
    public void ObservableNodeGaugesAreReadAtScrapeAndDropVanishedNodes()
    {
        using var harness = new MetricsHarness();
        var source = new FakeNodeMetricsSource();
        source.Nodes.Add(new NodeMetricsSnapshot("gpu-b", 3, 2, 0.5, true, NodeCircuitState.Closed));
        source.Nodes.Add(new NodeMetricsSnapshot("gpu-a", 0, 1, 0.25, false, NodeCircuitState.Open));
        _ = new NodeInstruments(harness.Factory, [source]);

        Assert.Equal(
            """
            # HELP gatolink_node_circuit_state Circuit breaker state: 0 closed, 1 half-open, 2 open.
            # TYPE gatolink_node_circuit_state gauge
            gatolink_node_circuit_state{node="gpu-a"} 2
            gatolink_node_circuit_state{node="gpu-b"} 0
            # HELP gatolink_node_healthy 1 when the node is healthy, else 0.
            # TYPE gatolink_node_healthy gauge
            gatolink_node_healthy{node="gpu-a"} 0
            gatolink_node_healthy{node="gpu-b"} 1
            # HELP gatolink_node_kv_cache_usage_ratio KV-cache usage of the node, 0 to 1.
            # TYPE gatolink_node_kv_cache_usage_ratio gauge
            gatolink_node_kv_cache_usage_ratio{node="gpu-a"} 0.25
            gatolink_node_kv_cache_usage_ratio{node="gpu-b"} 0.5
            # HELP gatolink_node_queue_depth Requests queued on the node.
            # TYPE gatolink_node_queue_depth gauge
            gatolink_node_queue_depth{node="gpu-a"} 0
            gatolink_node_queue_depth{node="gpu-b"} 3
            # HELP gatolink_node_running Requests running on the node.
            # TYPE gatolink_node_running gauge
            gatolink_node_running{node="gpu-a"} 1
            gatolink_node_running{node="gpu-b"} 2

            """,
            harness.Exporter.Collect());

        source.Nodes.RemoveAt(0);
        source.Nodes[0] = source.Nodes[0] with { QueueDepth = 7 };
        var second = harness.Exporter.Collect();

        Assert.DoesNotContain("gpu-b", second, StringComparison.Ordinal);
        Assert.Contains("gatolink_node_queue_depth{node=\"gpu-a\"} 7\n", second, StringComparison.Ordinal);
    }

    [Fact]
    public void LabelValuesEscapeQuoteBackslashAndNewlineAndNamesAreSanitised()
    {
        using var harness = new MetricsHarness();
        var gauge = harness.Meter.CreateUpDownCounter<int>("gatolink.test.queue", null, "Line one\nline \\two");

        gauge.Add(4, new("model", "a\"b\\c\nd"), new("weird.label-name", "x"));
        gauge.Add(-1, new("model", "a\"b\\c\nd"), new("weird.label-name", "x"));

        Assert.Equal(
            """
            # HELP gatolink_test_queue Line one\nline \\two
            # TYPE gatolink_test_queue gauge
            gatolink_test_queue{model="a\"b\\c\nd",weird_label_name="x"} 3

            """,
            harness.Exporter.Collect());
    }

    [Fact]
    public void KeyAndRequestIdTagsAreNeverLabels()
    {
        using var harness = new MetricsHarness();
        var counter = harness.Meter.CreateCounter<long>("gatolink.test.things");

        counter.Add(1, new("model", "m"), new("request_id", "r-1"), new("gatolink.key_id", "k-1"), new("ApiKeyId", "k-2"));
        counter.Add(1, new("model", "m"), new("request_id", "r-2"), new("gatolink.key_id", "k-3"));

        Assert.Equal(
            """
            # HELP gatolink_test_things_total gatolink.test.things
            # TYPE gatolink_test_things_total counter
            gatolink_test_things_total{model="m"} 2

            """,
            harness.Exporter.Collect());
        Assert.Throws<ArgumentException>(() => MetricLabelPolicy.EnsureAllowed("request_id"));
        MetricLabelPolicy.EnsureAllowed(MetricTags.Tenant);
    }

    [Fact]
    public void TenantLabelIsCappedAndOverflowIsOther()
    {
        using var harness = new MetricsHarness(maxTenantLabels: 2);
        var gateway = new GatewayInstruments(harness.Factory, harness.Tenants());

        foreach (var tenant in new[] { "acme", "globex", "initech", "acme", "umbrella", "globex" })
        {
            gateway.RequestCompleted("llama", tenant, 200, TimeSpan.FromMilliseconds(30));
        }

        var text = harness.Exporter.Collect();

        var requestLines = text.Split('\n').Where(line => line.StartsWith("gatolink_gateway_requests_total{", StringComparison.Ordinal));
        Assert.Equal(
            [
                "gatolink_gateway_requests_total{model=\"llama\",status_code=\"200\",tenant=\"acme\"} 2",
                "gatolink_gateway_requests_total{model=\"llama\",status_code=\"200\",tenant=\"globex\"} 2",
                "gatolink_gateway_requests_total{model=\"llama\",status_code=\"200\",tenant=\"other\"} 2",
            ],
            requestLines);
    }

    [Fact]
    public async Task ConcurrentRecordingFromManyThreadsAddsUpExactly()
    {
        using var harness = new MetricsHarness();
        var counter = harness.Meter.CreateCounter<long>("gatolink.test.hits");
        var halves = harness.Meter.CreateCounter<double>("gatolink.test.halves");
        var histogram = harness.Meter.CreateHistogram(
            "gatolink.test.latency", "s", null, null, new InstrumentAdvice<double> { HistogramBucketBoundaries = [1] });
        const int Threads = 8;
        const int PerThread = 50_000;

        var workers = Enumerable.Range(0, Threads).Select(thread => Task.Run(() =>
        {
            var model = thread % 2 == 0 ? "even" : "odd";
            for (var i = 0; i < PerThread; i++)
            {
                counter.Add(1, new KeyValuePair<string, object?>("model", model));
                halves.Add(0.5);
                histogram.Record(i % 2 == 0 ? 0.5 : 2);
            }
        }));
        await Task.WhenAll(workers);

        var text = harness.Exporter.Collect();
        var total = (long)Threads * PerThread;
        Assert.Contains($"gatolink_test_hits_total{{model=\"even\"}} {total / 2}\n", text, StringComparison.Ordinal);
        Assert.Contains($"gatolink_test_hits_total{{model=\"odd\"}} {total / 2}\n", text, StringComparison.Ordinal);
        Assert.Contains($"gatolink_test_halves_total {total / 2}\n", text, StringComparison.Ordinal);
        Assert.Contains($"gatolink_test_latency_seconds_bucket{{le=\"1\"}} {total / 2}\n", text, StringComparison.Ordinal);
        Assert.Contains($"gatolink_test_latency_seconds_bucket{{le=\"+Inf\"}} {total}\n", text, StringComparison.Ordinal);
        Assert.Contains($"gatolink_test_latency_seconds_count {total}\n", text, StringComparison.Ordinal);
        Assert.Contains($"gatolink_test_latency_seconds_sum {total / 2 * 2.5}\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void MetersOfAnotherFactoryOrNameAreIgnored()
    {
        using var harness = new MetricsHarness();
        using var other = new MetricsHarness();
        using var unrelated = new Meter("Somebody.Else");
        other.Meter.CreateCounter<long>("gatolink.test.elsewhere").Add(1);
        unrelated.CreateCounter<long>("gatolink.test.unrelated").Add(1);

        Assert.Equal(string.Empty, harness.Exporter.Collect());
    }

    [Fact]
    public void BudgetUtilizationIsRatioPerTenantSkippingTenantsWithoutBudget()
    {
        using var harness = new MetricsHarness();
        var budgets = new FakeBudgetMetricsSource();
        budgets.Budgets.Add(new TenantBudgetSnapshot("acme", 950_000, 1_000_000));
        budgets.Budgets.Add(new TenantBudgetSnapshot("free", 10, 0));
        _ = new LimitInstruments(harness.Factory, harness.Tenants(), [budgets]);

        Assert.Contains(
            "gatolink_tenant_budget_utilization_ratio{tenant=\"acme\"} 0.95\n", harness.Exporter.Collect(), StringComparison.Ordinal);
        Assert.DoesNotContain("free", harness.Exporter.Collect(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WriteToStreamAndBufferWriterMatchCollect()
    {
        using var harness = new MetricsHarness();
        harness.Meter.CreateCounter<long>("gatolink.test.payload", "By").Add(12);
        var expected = harness.Exporter.Collect();

        using var stream = new MemoryStream();
        await harness.Exporter.WriteToAsync(stream);
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        harness.Exporter.WriteTo(buffer);

        Assert.Equal(expected, System.Text.Encoding.UTF8.GetString(stream.ToArray()));
        Assert.Equal(expected, System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan));
        Assert.Contains("gatolink_test_payload_bytes_total 12\n", expected, StringComparison.Ordinal);
    }
}
