using System.Text.Json;
using GatoLink.Integration.Tests.Infrastructure.Skipping;

namespace GatoLink.Integration.Tests.Observability;

/// <summary>The Prometheus configuration, alert rules and Grafana dashboard in deploy/ are valid.</summary>
public sealed class DeployFilesTests
{
    [ToolFact]
    public async Task AlertRulesPassPromtoolCheckRules()
    {
        var promtool = ExternalTool.Find("promtool");

        var (exit, output) = await ExternalTool.RunAsync(promtool, $"check rules {RepoFiles.Path("deploy/prometheus/alerts.yml")}");

        Assert.True(exit == 0, output);
    }

    [ToolFact]
    public async Task PrometheusConfigPassesPromtoolCheckConfig()
    {
        var promtool = ExternalTool.Find("promtool");

        var (exit, output) = await ExternalTool.RunAsync(promtool, $"check config {RepoFiles.Path("deploy/prometheus/prometheus.yml")}");

        Assert.True(exit == 0, output);
    }

    [ToolFact]
    public async Task EveryExpositionFamilyOfEveryInstrumentPassesPromtool()
    {
        var promtool = ExternalTool.Find("promtool");

        using var all = new AllInstrumentsExporter();
        var (exit, output) = await ExternalTool.RunAsync(promtool, "check metrics", await all.Exporter.CollectAsync());

        Assert.True(exit == 0, output);
    }

    [Fact]
    public async Task DashboardHasAClusterRowAndEveryPanelQueriesTheDataSourceVariable()
    {
        using var dashboard = JsonDocument.Parse(await File.ReadAllTextAsync(RepoFiles.Path("deploy/grafana/dashboards/gatolink.json")));
        var panels = dashboard.RootElement.GetProperty("panels").EnumerateArray().ToList();

        Assert.Contains(panels, p => p.GetProperty("type").GetString() == "row" && p.GetProperty("title").GetString() == "Cluster");
        foreach (var panel in panels.Where(p => p.GetProperty("type").GetString() != "row"))
        {
            Assert.Equal("${datasource}", panel.GetProperty("datasource").GetProperty("uid").GetString());
            Assert.NotEmpty(panel.GetProperty("targets").EnumerateArray());
        }

        Assert.Equal(panels.Count, panels.Select(p => p.GetProperty("id").GetInt32()).Distinct().Count());
    }
}
