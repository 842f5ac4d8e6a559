using GatoLink.Grains.Abstractions.Keys;
using GatoLink.Grains.Abstractions.Models;
using GatoLink.Grains.Abstractions.Model;
using GatoLink.Grains.Abstractions.Nodes;
using GatoLink.Grains.Nodes;
using GatoLink.Grains.Telemetry;
using GatoLink.PerSilo.Telemetry;
using GatoLink.PerSilo.Placement;
using GatoLink.PerSilo.Nodes;

namespace GatoLink.Grains.Tests.Telemetry;

public sealed class InstrumentTests
{
    [Fact]
    public void TenantLabelIsCappedAndOverflowIsOther()
    {
        using var recorder = new MeasurementRecorder(maxTenantLabels: 2);
        var gateway = new GatewayInstruments(recorder.Factory, recorder.Tenants());

        foreach (var tenant in new[] { "acme", "globex", "initech", "acme", "umbrella", "globex", null })
        {
            gateway.RequestCompleted("llama", tenant, 200, TimeSpan.FromMilliseconds(30));
        }

        var tenants = recorder.Collect()
            .Where(r => r.Instrument == MetricNames.GatewayRequests)
            .GroupBy(r => r.Label(MetricTags.Tenant))
            .ToDictionary(g => g.Key, g => g.Sum(r => r.Value));
        Assert.Equal(new Dictionary<string, double> { ["acme"] = 2, ["globex"] = 2, ["other"] = 3 }, tenants);
    }

    [Fact]
    public void RequestCountCarriesModelStatusAndTenantButDurationOnlyTheModel()
    {
        using var recorder = new MeasurementRecorder();
        var gateway = new GatewayInstruments(recorder.Factory, recorder.Tenants());

        gateway.RequestCompleted("llama", "acme", 503, TimeSpan.FromSeconds(2));

        var recorded = recorder.Collect();
        var count = Assert.Single(recorded, r => r.Instrument == MetricNames.GatewayRequests);
        Assert.Equal(["model", "status_code", "tenant"], count.Labels.Keys);
        Assert.Equal("503", count.Label(MetricTags.StatusCode));
        var duration = Assert.Single(recorded, r => r.Instrument == MetricNames.GatewayRequestDuration);
        Assert.Equal(["model"], duration.Labels.Keys);
        Assert.Equal(2, duration.Value);
    }

    [Fact]
    public void AdmissionQueueLengthIsObservedPerModelEvenWhenItStopsMoving()
    {
        using var recorder = new MeasurementRecorder();
        var limits = new LimitInstruments(recorder.Factory, recorder.Tenants(), []);

        limits.AdmissionEnqueued("llama");
        limits.AdmissionEnqueued("llama");
        limits.AdmissionEnqueued("qwen");
        limits.AdmissionDequeued("llama");

        // Observed on every scrape, with no new measurement in between: a stuck queue keeps its series.
        foreach (var _ in Enumerable.Range(0, 2))
        {
            var queues = recorder.Collect()
                .Where(r => r.Instrument == MetricNames.AdmissionQueueLength)
                .ToDictionary(r => r.Label(MetricTags.Model), r => r.Value);
            Assert.Equal(new Dictionary<string, double> { ["llama"] = 1, ["qwen"] = 1 }, queues);
        }
    }

    [Fact]
    public void TheQueueIsMeasuredPerTenantAndClassWithItsWaitsAndTheServedWork()
    {
        using var recorder = new MeasurementRecorder();
        var limits = new LimitInstruments(recorder.Factory, recorder.Tenants(), []);
        var acme = new QueueClaim(Guid.Parse("11111111-1111-1111-1111-111111111111"), PriorityClass.Batch, 3, null, 500);
        var beta = new QueueClaim(Guid.Parse("22222222-2222-2222-2222-222222222222"), PriorityClass.Interactive, 1, null, 50);

        limits.QueueJoined("llama", acme);
        limits.QueueJoined("llama", acme);
        limits.QueueJoined("llama", beta);
        limits.QueueLeft("llama", beta, TimeSpan.FromSeconds(0.25));
        limits.QueueServed("llama", beta, 70);
        var all = recorder.Collect();

        var lengths = all.Where(r => r.Instrument == MetricNames.QueueTenantLength)
            .ToDictionary(r => (r.Label(MetricTags.Tenant), r.Label(MetricTags.PriorityClass)), r => r.Value);
        Assert.Equal(2, lengths[(acme.TenantId.ToString(), "batch")]);
        Assert.Equal(0, lengths[(beta.TenantId.ToString(), "interactive")]);
        var wait = Assert.Single(all, r => r.Instrument == MetricNames.QueueTenantWait);
        Assert.Equal(0.25, wait.Value);
        Assert.Equal("interactive", wait.Label(MetricTags.PriorityClass));
        var served = Assert.Single(all, r => r.Instrument == MetricNames.QueueTenantServedWork);
        Assert.Equal(70, served.Value);
        Assert.Equal(beta.TenantId.ToString(), served.Label(MetricTags.Tenant));
        Assert.Equal(2, all.Single(r => r.Instrument == MetricNames.AdmissionQueueLength).Value);
    }

    [Fact]
    public void LedgerBacklogIsObservedAndWrittenEventsCounted()
    {
        using var recorder = new MeasurementRecorder();
        var ledger = new LedgerInstruments(recorder.Factory);

        ledger.EventsEnqueued(5);
        ledger.EventsWritten(3);
        ledger.EventsAbandoned(1);
        ledger.WriteFailed();

        var recorded = recorder.Collect();
        Assert.Equal(1, Assert.Single(recorded, r => r.Instrument == MetricNames.LedgerBacklog).Value);
        Assert.Equal(3, recorded.Where(r => r.Instrument == MetricNames.LedgerEventsWritten).Sum(r => r.Value));
        Assert.Equal(1, recorded.Where(r => r.Instrument == MetricNames.LedgerWriteFailures).Sum(r => r.Value));
    }

    [Fact]
    public void PlacementDecisionsSayWhichNodeAndWhy()
    {
        using var recorder = new MeasurementRecorder();
        var placement = new PlacementInstruments(recorder.Factory);
        var node = new NodeReplica(
            new GpuNodeRecord("gpu-1", new Uri("http://gpu-1/"), EngineKind.Vllm, ["m"], 0, new Dictionary<string, string>(), false, DateTimeOffset.UnixEpoch),
            TimeProvider.System,
            new NodeHealthOptions());

        placement.Decided("m", PlacementStrategyKind.GatoLink, PlacementDecision.Placed(node));
        placement.Decided("m", PlacementStrategyKind.GatoLink, new PlacementDecision(PlacementOutcome.Placed, node, TimeSpan.FromMilliseconds(40)));
        placement.Decided("m", PlacementStrategyKind.RoundRobin, PlacementDecision.None);
        placement.Decided("m", PlacementStrategyKind.GatoLink, new PlacementDecision(PlacementOutcome.QueueFull, null, TimeSpan.Zero));

        var decisions = recorder.Collect()
            .Where(r => r.Instrument == MetricNames.PlacementDecisions)
            .Select(r => $"{r.Label(MetricTags.Strategy)} {r.Label(MetricTags.Node)} {r.Label(MetricTags.Reason)}")
            .ToList();
        Assert.Equal(
            ["gatolink gpu-1 placed", "gatolink gpu-1 placed_after_wait", "round_robin none no_node", "gatolink none queue_full"],
            decisions);
    }

    [Fact]
    public void BudgetUtilizationIsRatioPerTenantSkippingTenantsWithoutBudget()
    {
        using var recorder = new MeasurementRecorder();
        var budgets = new FakeBudgetMetricsSource();
        budgets.Budgets.Add(new TenantBudgetSnapshot("acme", 950_000, 1_000_000));
        budgets.Budgets.Add(new TenantBudgetSnapshot("free", 10, 0));
        _ = new LimitInstruments(recorder.Factory, recorder.Tenants(), [budgets]);

        var ratio = Assert.Single(recorder.Collect(), r => r.Instrument == MetricNames.TenantBudgetUtilization);

        Assert.Equal("acme", ratio.Label(MetricTags.Tenant));
        Assert.Equal(0.95, ratio.Value, 6);
    }

    [Fact]
    public void NodeGaugesAreReadAtScrapeAndVanishedNodesStopReporting()
    {
        using var recorder = new MeasurementRecorder();
        var source = new FakeNodeMetricsSource();
        source.Nodes.Add(new NodeMetricsSnapshot("gpu-b", 3, 2, 0.5, true, NodeCircuitState.Closed, 7, TimeSpan.FromSeconds(1.5)));
        source.Nodes.Add(new NodeMetricsSnapshot("gpu-a", 0, 1, 0.25, false, NodeCircuitState.Open));
        _ = new NodeInstruments(recorder.Factory, [source]);

        var first = recorder.Collect();
        Assert.Equal(2, Assert.Single(first, r => r.Instrument == MetricNames.NodeCircuitStateName && r.Label(MetricTags.Node) == "gpu-a").Value);
        Assert.Equal(7, Assert.Single(first, r => r.Instrument == MetricNames.NodeInFlight && r.Label(MetricTags.Node) == "gpu-b").Value);
        // A node the grain has not scraped yet has no sample age, rather than a made-up one.
        Assert.Equal(1.5, Assert.Single(first, r => r.Instrument == MetricNames.NodeSampleAge).Value);

        source.Nodes.RemoveAt(0);
        var second = recorder.Collect();
        Assert.DoesNotContain(second, r => r.Label(MetricTags.Node) == "gpu-b");
        Assert.Contains(second, r => r.Instrument == MetricNames.NodeHealthy && r.Label(MetricTags.Node) == "gpu-a" && r.Value == 0);
    }

    [Fact]
    public void UsageStreamGaugesSumSpoolDepthAndTakeTheWorstLagAndSayNothingWithoutASource()
    {
        using var recorder = new MeasurementRecorder();
        _ = new UsageStreamInstruments(recorder.Factory, []);
        Assert.Empty(recorder.Collect());

        _ = new UsageStreamInstruments(
            recorder.Factory,
            [new FakeUsageStreamSource(new UsageStreamSnapshot(40, TimeSpan.FromSeconds(3))), new FakeUsageStreamSource(new UsageStreamSnapshot(2, TimeSpan.FromSeconds(9)))]);

        var recorded = recorder.Collect();
        Assert.Equal(42, Assert.Single(recorded, r => r.Instrument == MetricNames.UsageSpoolDepth).Value);
        Assert.Equal(9, Assert.Single(recorded, r => r.Instrument == MetricNames.UsageStreamLag).Value);
    }

    [Theory]
    [InlineData(MetricNames.GatewayRequests, "gatolink_gateway_requests")]
    [InlineData(MetricNames.GatewayRequestDuration, "gatolink_gateway_request_duration_seconds")]
    [InlineData(MetricNames.NodeKvCacheUsage, "gatolink_node_kv_cache_usage_ratio")]
    [InlineData(MetricNames.UsageStreamLag, "gatolink_usage_stream_lag_seconds")]
    public void InstrumentNamesBecomeThePrometheusNamesTheAdapterWrites(string instrument, string prometheus)
    {
        // prometheus-net's meter adapter: "{meter}_{instrument}", lower-cased, anything else than [a-z0-9_] as "_".
        var translated = string.Concat($"{MetricNames.MeterName}_{instrument}".ToLowerInvariant()
            .Select(c => char.IsAsciiLetterOrDigit(c) || c == '_' ? c : '_'));

        Assert.Equal(prometheus, translated);
        Assert.StartsWith(MetricNames.PrometheusPrefix, translated, StringComparison.Ordinal);
    }

    private sealed class FakeUsageStreamSource(UsageStreamSnapshot snapshot) : IUsageStreamMetricsSource
    {
        public UsageStreamSnapshot GetUsageStreamSnapshot() => snapshot;
    }
}
