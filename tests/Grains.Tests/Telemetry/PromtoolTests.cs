using Xunit.Abstractions;

namespace GatoLink.Grains.Tests.Telemetry;

public sealed class PromtoolTests(ITestOutputHelper output)
{
    [Fact]
    public async Task ExpositionPassesPromtoolCheckMetrics()
    {
        var promtool = Promtool.FindOrFailOnCi(output);
        if (promtool is null)
        {
            return;
        }

        using var host = new AllInstrumentsHost();
        var file = Path.Combine(Path.GetTempPath(), $"gatolink-metrics-{Guid.NewGuid():N}.prom");
        try
        {
            await using (var stream = File.Create(file))
            {
                await host.Exporter.WriteToAsync(stream);
            }

            // check metrics reads the exposition on standard input.
            var (exitCode, text) = await Promtool.RunAsync(promtool, await File.ReadAllTextAsync(file), "check", "metrics");

            Assert.True(exitCode == 0, $"promtool check metrics exited {exitCode}:\n{text}");
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task AlertRulesPassPromtoolCheckRules()
    {
        var promtool = Promtool.FindOrFailOnCi(output);
        if (promtool is null)
        {
            return;
        }

        var (exitCode, text) = await Promtool.RunAsync(promtool, null, "check", "rules", RepoPaths.File("deploy/prometheus/alerts.yml"));

        Assert.True(exitCode == 0, $"promtool check rules exited {exitCode}:\n{text}");
    }

    [Fact]
    public async Task PrometheusConfigPassesPromtoolCheckConfig()
    {
        var promtool = Promtool.FindOrFailOnCi(output);
        if (promtool is null)
        {
            return;
        }

        var (exitCode, text) = await Promtool.RunAsync(promtool, null, "check", "config", RepoPaths.File("deploy/prometheus/prometheus.yml"));

        Assert.True(exitCode == 0, $"promtool check config exited {exitCode}:\n{text}");
    }
}
