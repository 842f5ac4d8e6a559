using System.Text.RegularExpressions;

namespace GatoLink.Grains.Tests.Telemetry;

public sealed partial class AllInstrumentsTests
{
    [Fact]
    public void EveryInstrumentIsExportedUnderItsDocumentedName()
    {
        using var host = new AllInstrumentsHost();

        var families = FamilyNames(host.Exporter.Collect());

        Assert.Equal(
            [
                "gatolink_admission_queue_length gauge",
                "gatolink_gateway_inter_token_latency_seconds histogram",
                "gatolink_gateway_overhead_seconds histogram",
                "gatolink_gateway_request_duration_seconds histogram",
                "gatolink_gateway_requests_total counter",
                "gatolink_gateway_time_to_first_token_seconds histogram",
                "gatolink_gateway_tokens_completion_total counter",
                "gatolink_gateway_tokens_prompt_total counter",
                "gatolink_ledger_backlog gauge",
                "gatolink_ledger_events_written_total counter",
                "gatolink_ledger_write_failures_total counter",
                "gatolink_limits_refusals_total counter",
                "gatolink_node_circuit_state gauge",
                "gatolink_node_healthy gauge",
                "gatolink_node_kv_cache_usage_ratio gauge",
                "gatolink_node_queue_depth gauge",
                "gatolink_node_running gauge",
                "gatolink_tenant_budget_utilization_ratio gauge",
                "gatolink_tenant_cost_microusd_total counter",
            ],
            families);
    }

    [Fact]
    public void AlertsAndDashboardOnlyUseMetricNamesTheExporterWrites()
    {
        using var host = new AllInstrumentsHost();
        var text = host.Exporter.Collect();
        var written = SampleNames().Matches(text).Select(match => match.Groups[1].Value).ToHashSet(StringComparer.Ordinal);

        foreach (var file in new[] { "deploy/prometheus/alerts.yml", "deploy/grafana/dashboards/gatolink.json" })
        {
            var referenced = MetricReference().Matches(File.ReadAllText(RepoPaths.File(file))).Select(match => match.Value).Distinct();
            Assert.All(referenced, name => Assert.Contains(name, written));
        }
    }

    private static List<string> FamilyNames(string exposition) =>
        exposition.Split('\n')
            .Where(line => line.StartsWith("# TYPE ", StringComparison.Ordinal))
            .Select(line => line["# TYPE ".Length..])
            .ToList();

    [GeneratedRegex(@"^(gatolink_[a-z_]+)[{ ]", RegexOptions.Multiline)]
    private static partial Regex SampleNames();

    [GeneratedRegex(@"\bgatolink_[a-z_]+\b")]
    private static partial Regex MetricReference();
}
