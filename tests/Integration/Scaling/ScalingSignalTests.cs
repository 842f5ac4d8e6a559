using System.Net.Http.Json;
using System.Text.Json.Nodes;
using GatoLink.Integration.Tests.Infrastructure;
using GatoLink.Integration.Tests.Portal;
using Xunit.Abstractions;

namespace GatoLink.Integration.Tests.Scaling;

/// <summary>
/// The per-model scaling signal against a NodeSim node driven into saturation (two sequences at a time, a burst of
/// long requests) and back to idle: the recommendation rises while the engine queues and falls back to the minimum
/// only after the cool-down, without dropping in between.
/// </summary>
public sealed class ScalingSignalTests
{
    private static readonly TimeSpan CoolDown = TimeSpan.FromSeconds(4);
    private readonly ITestOutputHelper _output;

    public ScalingSignalTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public async Task The_recommendation_rises_with_saturation_and_falls_after_the_cool_down_without_flapping()
    {
        await using var nodes = await SimNodes.StartAsync(1, timeScale: 1, configure: o =>
        {
            o.MaxNumSeqs = 2;
            o.MinOutputTokens = 60;
            o.MaxOutputTokens = 60;
            o.ItlMs = 20;
        });
        await using var silo = await SiloHarness.StartAsync(nodes.Urls, new Dictionary<string, string?>
        {
            ["GatoLink:Scaling:Interval"] = "00:00:00.200",
            ["GatoLink:Scaling:CoolDown"] = CoolDown.ToString(),
            ["GatoLink:Scaling:Defaults:MaxNodes"] = "4",
        });
        var key = await silo.CreateUserKeyAsync();
        using var client = silo.Http(key);

        var seen = new List<JsonObject>();
        async Task<JsonObject> ReadAsync()
        {
            var reading = (await silo.Admin.GetFromJsonAsync<JsonObject>("admin/models/demo-8b/scaling"))!;
            seen.Add(reading);
            return reading;
        }

        try
        {
            await Eventually.HoldsAsync(async () => (await ReadAsync())["reason"]!.GetValue<string>() == "idle", TimeSpan.FromSeconds(30), "an idle first reading");
            Assert.Equal(1, (int)seen[^1]["desired_nodes"]!);

            // Saturate: eight long requests on a node that runs two at a time.
            var burst = Enumerable.Range(0, 8).Select(_ => client.PostAsJsonAsync("v1/chat/completions", new
            {
                model = "demo-8b",
                max_tokens = 60,
                messages = new[] { new { role = "user", content = "Keep the node busy." } },
            })).ToList();
            await Eventually.HoldsAsync(async () => (int)(await ReadAsync())["desired_nodes"]! > 1, TimeSpan.FromSeconds(30), "a recommendation above one node");
            var raised = seen[^1];
            // What asked for more nodes is the reading's reason. The decision's own reason may already be
            // "cooling_down" when this poll came after the reading eased (a busy machine polls slowly): the decision
            // then holds the higher count, which is what the rest of the test checks.
            Assert.Contains(seen, r => (int)r["reading_desired"]! > 1 && r["reading_reason"]!.GetValue<string>() is "engine_queue" or "queue_wait" or "kv_cache");
            Assert.Contains(raised["reason"]!.GetValue<string>(), new[] { "engine_queue", "queue_wait", "kv_cache", "cooling_down" });
            Assert.Equal(1, (int)raised["current_nodes"]!);
            foreach (var response in await Task.WhenAll(burst))
            {
                Assert.True(response.IsSuccessStatusCode, $"a burst request: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                response.Dispose();
            }

            // Back to idle: the recommendation holds, then falls to one node once the cool-down has passed.
            await Eventually.HoldsAsync(async () => (int)(await ReadAsync())["desired_nodes"]! == 1, TimeSpan.FromSeconds(60), "the recommendation back at one node");
            var fell = seen[^1];
            var fellAt = fell["changed_at"]!.GetValue<DateTimeOffset>();
            var lastAsked = seen.Where(r => (int)r["reading_desired"]! > 1).Max(r => r["computed_at"]!.GetValue<DateTimeOffset>());
            Assert.True(fellAt - lastAsked > CoolDown, $"fell at {fellAt:O}, last asked for more at {lastAsked:O}");
            var first = seen.IndexOf(raised);
            Assert.All(seen.Skip(first).Take(seen.Count - first - 1), r => Assert.True((int)r["desired_nodes"]! > 1, $"dropped before the cool-down: {r}"));
            // Every reading the silo computed while it held the higher count says so. How many there were depends on
            // the monitor's cadence: on a starved machine its loop can skip the whole cool-down, and then the fall
            // (checked above to come a cool-down after the last reading that asked for more) is all there is to see.
            var held = seen.Skip(first).Where(r => r["computed_at"]!.GetValue<DateTimeOffset>() > lastAsked && (int)r["desired_nodes"]! > 1).ToList();
            Assert.All(held, r => Assert.Equal("cooling_down", r["reason"]!.GetValue<string>()));

            var metrics = await silo.Admin.GetStringAsync("metrics");
            Assert.Contains("gatolink_model_desired_nodes{model=\"demo-8b\"", metrics, StringComparison.Ordinal);
        }
        finally
        {
            foreach (var reading in seen.Where((_, i) => i % 10 == 0 || i == seen.Count - 1))
            {
                _output.WriteLine(reading.ToJsonString());
            }
        }
    }
}
