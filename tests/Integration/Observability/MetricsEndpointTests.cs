using System.Diagnostics.Metrics;
using System.Net;
using System.Text.RegularExpressions;
using System.Text;
using GatoLink.Integration.Tests.Infrastructure.Skipping;
using GatoLink.Integration.Tests.Infrastructure;
using GatoLink.Silo.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using OpenAI.Chat;

namespace GatoLink.Integration.Tests.Observability;

/// <summary>
/// /metrics of a live silo after real traffic: GatoLink's, Orleans' and the HTTP families move, only the selected
/// families are there, labels stay bounded, and the text passes promtool.
/// </summary>
public sealed partial class MetricsEndpointTests
{
    private static readonly string[] AllowedPrefixes =
    [
        "gatolink_", "microsoft_orleans_orleans_", "microsoft_aspnetcore_hosting_", "system_net_http_", "npgsql_",
        "process_", "dotnet_", "prometheus_net_",
    ];

    [ToolFact]
    public async Task TrafficShowsInGatoLinkOrleansAndHttpFamiliesAndTheTextPassesPromtool()
    {
        await using var nodes = await SimNodes.StartAsync(2, "instant");
        await using var silo = await SiloHarness.StartAsync(nodes.Urls, new Dictionary<string, string?> { ["Telemetry:HttpMetrics"] = "true" });
        // A limited key: admission goes through its ApiKeyGrain, so grain calls show too.
        var key = await silo.CreateUserKeyAsync(new { name = "metrics", rpm = 1000 });
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

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);

        // GatoLink: requests, tokens, latency, cost, placement, nodes as their grains see them.
        Assert.Equal(4, Exposition.Sum(text, "gatolink_gateway_requests", "model=\"demo-8b\"", "status_code=\"200\""));
        Assert.Equal(1, Exposition.Sum(text, "gatolink_gateway_requests", "status_code=\"401\""));
        Assert.Equal((3 * 5) + 4, Exposition.Sum(text, "gatolink_gateway_tokens_completion", "model=\"demo-8b\""));
        Assert.Equal(4, Exposition.Sum(text, "gatolink_gateway_request_duration_seconds_count", "model=\"demo-8b\""));
        Assert.Equal(1, Exposition.Sum(text, "gatolink_gateway_time_to_first_token_seconds_count"));
        Assert.True(Exposition.Sum(text, "gatolink_tenant_cost_microusd") > 0);
        Assert.Equal(4, Exposition.Sum(text, "gatolink_placement_decisions", "model=\"demo-8b\"", "reason=\"placed\"", "strategy=\"gatolink\""));
        // Interactive requests (a key's default class) came: their demand is measured and batch keeps a slot per node free.
        Assert.True(Exposition.Sum(text, "gatolink_placement_interactive_demand", "model=\"demo-8b\"") > 0);
        Assert.True(Exposition.Sum(text, "gatolink_placement_batch_headroom", "model=\"demo-8b\"") >= 1);
        Assert.Matches(NodeHealthy(), text);
        Assert.Equal(2, Exposition.Samples(text, "gatolink_node_in_flight").Count());
        Assert.Equal("histogram", Exposition.Families(text)["gatolink_gateway_request_duration_seconds"]);

        // The grid: silos alive, activations per grain type, grain call latency.
        Assert.Equal(1, Exposition.Sum(text, "gatolink_cluster_silos", "status=\"active\""));
        Assert.Equal(2, Exposition.Sum(text, "microsoft_orleans_orleans_catalog_activations", "grain_type=\"gpunode\""));
        Assert.True(Exposition.Sum(text, "microsoft_orleans_orleans_catalog_activations", "grain_type=\"apikey\"") >= 1);
        Assert.True(Exposition.Sum(text, "microsoft_orleans_orleans_app_requests_latency_count") > 0);

        // ASP.NET Core and the calls to the nodes, asked for (Telemetry:HttpMetrics).
        Assert.True(Exposition.Sum(text, "microsoft_aspnetcore_hosting_http_server_request_duration_count", "http_route=\"/v1/chat/completions\"") >= 5);
        Assert.True(Exposition.Sum(text, "system_net_http_http_client_request_duration_count", "server_address=\"127.0.0.1\"") >= 4);

        // Only the selected families, and no label that names a key or a request.
        var unexpected = Exposition.Families(text).Keys.Where(name => !AllowedPrefixes.Any(p => name.StartsWith(p, StringComparison.Ordinal)));
        Assert.Empty(unexpected);
        Assert.DoesNotContain(Exposition.Families(text).Keys, name => name.StartsWith("microsoft_orleans_orleans_directory", StringComparison.Ordinal));
        Assert.DoesNotContain(Exposition.LabelNames(text), name => ForbiddenLabel().IsMatch(name));
        Assert.DoesNotContain(key, text, StringComparison.Ordinal);

        var (exit, output) = await ExternalTool.RunAsync(ExternalTool.Find("promtool"), "check metrics", text);
        Assert.True(exit == 0, output);
    }

    [Fact]
    public async Task TheGenericHttpFamiliesAreNotMeasuredUnlessAskedFor()
    {
        await using var nodes = await SimNodes.StartAsync(1, "instant");
        await using var silo = await SiloHarness.StartAsync(nodes.Urls);
        var chat = silo.OpenAi(await silo.CreateUserKeyAsync()).GetChatClient("demo-8b");
        await chat.CompleteChatAsync([new UserChatMessage("quiet")], new ChatCompletionOptions { MaxOutputTokenCount = 2 });
        using var anonymous = new HttpClient { BaseAddress = silo.BaseUrl };
        var families = Exposition.Families(await anonymous.GetStringAsync("metrics")).Keys.ToList();

        Assert.Contains("gatolink_gateway_request_duration_seconds", families);
        Assert.DoesNotContain(families, name => name.StartsWith("microsoft_aspnetcore_hosting_", StringComparison.Ordinal));
        Assert.DoesNotContain(families, name => name.StartsWith("system_net_http_", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AlertsAndDashboardOnlyUseFamiliesTheSiloExports()
    {
        await using var nodes = await SimNodes.StartAsync(1, "instant");
        await using var silo = await SiloHarness.StartAsync(nodes.Urls);
        var chat = silo.OpenAi(await silo.CreateUserKeyAsync()).GetChatClient("demo-8b");
        await chat.CompleteChatAsync([new UserChatMessage("names")], new ChatCompletionOptions { MaxOutputTokenCount = 2 });
        using var anonymous = new HttpClient { BaseAddress = silo.BaseUrl };
        var live = Exposition.SampleNames(await anonymous.GetStringAsync("metrics"));

        // Families that appear only once something happens (a refusal, a budget, a queue, a spool) come from every
        // GatoLink instrument measured once on the same exporter.
        using var all = new AllInstrumentsExporter();
        var written = live.Union(Exposition.SampleNames(await all.Exporter.CollectAsync())).ToHashSet(StringComparer.Ordinal);

        foreach (var file in new[] { "deploy/prometheus/alerts.yml", "deploy/grafana/dashboards/gatolink.json" })
        {
            var content = await File.ReadAllTextAsync(RepoFiles.Path(file));
            foreach (var name in GatoLinkReference().Matches(content).Select(m => m.Value).Distinct())
            {
                Assert.True(written.Contains(name), $"{file} uses {name}, which /metrics does not write");
            }

            // Orleans families appear once Orleans records them (a time-out, a failed activation): they must be selected.
            foreach (var name in OrleansReference().Matches(content).Select(m => m.Value).Distinct())
            {
                Assert.True(IsSelectedOrleansFamily(name), $"{file} uses {name}, which /metrics does not select");
            }
        }
    }

    /// <summary>Asks the exporter's filter whether the Orleans instrument behind a family name is exported.</summary>
    private static bool IsSelectedOrleansFamily(string sampleName)
    {
        // microsoft_orleans_orleans_app_requests_latency_bucket → orleans-app-requests-latency on "Microsoft.Orleans".
        var instrument = HistogramSuffix().Replace(sampleName, string.Empty)["microsoft_orleans_".Length..].Replace('_', '-');
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var factory = services.GetRequiredService<IMeterFactory>();
        var meter = factory.Create(ExportedInstruments.OrleansMeter);
        return ExportedInstruments.Includes(meter.CreateCounter<long>(instrument), factory);
    }

    [GeneratedRegex("gatolink_node_healthy\\{node=\"node-1\"\\} 1")]
    private static partial Regex NodeHealthy();

    [GeneratedRegex("(key_?id|api_?key|request_?id|trace_?id|span_?id|event_?id)$", RegexOptions.IgnoreCase)]
    private static partial Regex ForbiddenLabel();

    [GeneratedRegex(@"\bgatolink_[a-z_]+\b")]
    private static partial Regex GatoLinkReference();

    [GeneratedRegex(@"\bmicrosoft_orleans_[a-z_]+\b")]
    private static partial Regex OrleansReference();

    [GeneratedRegex("_(bucket|sum|count)$")]
    private static partial Regex HistogramSuffix();
}
