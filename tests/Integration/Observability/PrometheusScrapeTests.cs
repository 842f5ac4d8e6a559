using System.Diagnostics;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using GatoLink.Integration.Tests.Infrastructure;
using OpenAI.Chat;

namespace GatoLink.Integration.Tests.Observability;

/// <summary>A real Prometheus (Debian's) scrapes a running silo; PromQL sees GatoLink's counter.</summary>
public sealed class PrometheusScrapeTests
{
    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    [Fact]
    public async Task PrometheusScrapesTheSiloAndAnswersPromQlForTheRequestCounter()
    {
        var prometheus = ExternalTool.Find("prometheus");
        if (prometheus is null)
        {
            return;
        }

        await using var nodes = await SimNodes.StartAsync(1, "instant");
        await using var silo = await SiloHarness.StartAsync(nodes.Urls);
        var chat = silo.OpenAi(await silo.CreateUserKeyAsync()).GetChatClient("demo-8b");
        for (var i = 0; i < 2; i++)
        {
            await chat.CompleteChatAsync([new UserChatMessage("scrape me " + i)], new ChatCompletionOptions { MaxOutputTokenCount = 2 });
        }

        var dir = Directory.CreateTempSubdirectory("gatolink-prom-");
        var port = FreePort();
        var config = Path.Combine(dir.FullName, "prometheus.yml");
        await File.WriteAllTextAsync(config, $"""
            global:
              scrape_interval: 1s
            scrape_configs:
              - job_name: gatolink
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
            var deadline = Stopwatch.StartNew();
            double? value = null;
            while (deadline.Elapsed < TimeSpan.FromSeconds(40) && value is null)
            {
                await Task.Delay(500);
                try
                {
                    var json = JsonNode.Parse(await http.GetStringAsync("api/v1/query?query=sum(gatolink_gateway_requests_total{status_code=\"200\"})"));
                    var result = json?["data"]?["result"]?.AsArray();
                    if (result is { Count: > 0 })
                    {
                        value = double.Parse((string)result[0]!["value"]![1]!, System.Globalization.CultureInfo.InvariantCulture);
                    }
                }
                catch (HttpRequestException)
                {
                    // Prometheus is still starting.
                }
            }

            Assert.Equal(2, value);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            await Task.WhenAll(drainOut, drainErr);
            dir.Delete(recursive: true);
        }
    }
}
