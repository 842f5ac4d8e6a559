using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using GatoLink.Integration.Tests.Infrastructure.Skipping;
using GatoLink.Integration.Tests.Infrastructure;
using OpenAI.Chat;

namespace GatoLink.Integration.Tests.Observability;

/// <summary>
/// A real Prometheus (Debian's) scrapes a running silo with the alert rules of deploy/ loaded: PromQL sees the
/// traffic and the cluster, and every rule evaluates against the real series without error.
/// </summary>
public sealed class PrometheusScrapeTests
{
    [ToolFact]
    public async Task PrometheusScrapesTheSiloAnswersPromQlAndEvaluatesTheAlertRules()
    {
        var prometheus = ExternalTool.Find("prometheus");

        await using var nodes = await SimNodes.StartAsync(1, "instant");
        await using var silo = await SiloHarness.StartAsync(nodes.Urls);
        var chat = silo.OpenAi(await silo.CreateUserKeyAsync()).GetChatClient("demo-8b");
        for (var i = 0; i < 2; i++)
        {
            await chat.CompleteChatAsync([new UserChatMessage("scrape me " + i)], new ChatCompletionOptions { MaxOutputTokenCount = 2 });
        }

        var dir = Directory.CreateTempSubdirectory("gatolink-prom-");
        var port = LoopbackPorts.Free();
        File.Copy(RepoFiles.Path("deploy/prometheus/alerts.yml"), Path.Combine(dir.FullName, "alerts.yml"));
        var config = Path.Combine(dir.FullName, "prometheus.yml");
        await File.WriteAllTextAsync(config, $"""
            global:
              scrape_interval: 1s
              evaluation_interval: 1s
            rule_files:
              - alerts.yml
            scrape_configs:
              - job_name: gatolink-silo
                static_configs:
                  - targets: ["{silo.BaseUrl.Authority}"]
            """);
        var info = new ProcessStartInfo(prometheus,
            $"--config.file={config} --web.listen-address=127.0.0.1:{port} --storage.tsdb.path={Path.Combine(dir.FullName, "data")}")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(info)!;
        var drainOut = process.StandardOutput.ReadToEndAsync();
        var drainErr = process.StandardError.ReadToEndAsync();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
            Assert.Equal(2, await QueryAsync(http, "sum(gatolink_gateway_requests{status_code=\"200\"})", 2));
            Assert.Equal(1, await QueryAsync(http, "max(gatolink_cluster_silos{status=\"active\"})", 1));
            Assert.True(await QueryAsync(http, "sum(microsoft_orleans_orleans_catalog_activations{grain_type=\"gpunode\"})", 1) >= 1);
            Assert.Equal(2, await QueryAsync(http, "sum(gatolink_gateway_request_duration_seconds_bucket{le=\"+Inf\"})", 2));

            var groups = await RuleGroupsAsync(http);
            var rules = groups.SelectMany(g => g!["rules"]!.AsArray()).ToList();
            Assert.NotEmpty(rules);
            Assert.All(rules, rule => Assert.True(
                (string?)rule!["health"] == "ok",
                $"{(string?)rule["name"]}: {(string?)rule["health"]} {(string?)rule["lastError"]}"));
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            await Task.WhenAll(drainOut, drainErr);
            dir.Delete(recursive: true);
        }
    }

    /// <summary>The value of an instant query once it equals <paramref name="expected"/> or 40 s have passed (then the last value).</summary>
    private static async Task<double?> QueryAsync(HttpClient http, string promql, double expected)
    {
        var deadline = Stopwatch.StartNew();
        double? value = null;
        while (deadline.Elapsed < TimeSpan.FromSeconds(40))
        {
            try
            {
                var json = JsonNode.Parse(await http.GetStringAsync("api/v1/query?query=" + Uri.EscapeDataString(promql)));
                var result = json?["data"]?["result"]?.AsArray();
                if (result is { Count: > 0 })
                {
                    value = double.Parse((string)result[0]!["value"]![1]!, CultureInfo.InvariantCulture);
                    if (value >= expected)
                    {
                        return value;
                    }
                }
            }
            catch (HttpRequestException)
            {
                // Prometheus is still starting.
            }

            await Task.Delay(500);
        }

        return value;
    }

    /// <summary>The rule groups once every rule has been evaluated at least once.</summary>
    private static async Task<List<JsonNode?>> RuleGroupsAsync(HttpClient http)
    {
        var deadline = Stopwatch.StartNew();
        List<JsonNode?> groups = [];
        while (deadline.Elapsed < TimeSpan.FromSeconds(30))
        {
            var json = JsonNode.Parse(await http.GetStringAsync("api/v1/rules"));
            groups = json?["data"]?["groups"]?.AsArray().ToList() ?? [];
            if (groups.Count > 0 && groups.SelectMany(g => g!["rules"]!.AsArray()).All(r => (string?)r!["health"] != "unknown"))
            {
                return groups;
            }

            await Task.Delay(500);
        }

        return groups;
    }
}
