using System.Net;
using GatoLink.Integration.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GatoLink.Integration.Tests.Cache;

/// <summary>The cache fails open: with its Redis killed mid-run, requests are still served (a miss, a log line).</summary>
public sealed class RedisOutageTests
{
    [Fact]
    public async Task RedisKilledMidRunRequestsAreStillServed()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var nodes = await SimNodes.StartAsync(1, profile: "instant", timeScale: 1);
        var logs = new LogCapture();
        await using var silo = await SiloHarness.StartAsync(
            nodes.Urls,
            new Dictionary<string, string?> { ["GatoLink:Redis"] = redis.Configuration },
            configureServices: s => s.AddSingleton<ILoggerProvider>(logs));
        var (_, secret) = await CacheCalls.TenantAsync(silo, new { mode = "exact" });
        var stored = CacheCalls.Chat("Before the outage " + Guid.NewGuid());
        Assert.Equal("miss", (await CacheCalls.SendAsync(silo, secret, stored)).Cache);
        Assert.Equal("hit", (await CacheCalls.SendAsync(silo, secret, stored)).Cache);

        await redis.KillAsync();
        var answers = new List<(HttpStatusCode, string)>();
        for (var i = 0; i < 5; i++)
        {
            var fresh = await CacheCalls.SendAsync(silo, secret, CacheCalls.Chat($"During the outage {i} {Guid.NewGuid()}"));
            answers.Add((fresh.Status, fresh.Cache));
        }

        var remembered = await CacheCalls.SendAsync(silo, secret, stored);

        // Every request is served by the node (a miss), and what this silo keeps in memory is still a hit.
        Assert.All(answers, a => Assert.Equal((HttpStatusCode.OK, "miss"), a));
        Assert.Equal((HttpStatusCode.OK, "hit"), (remembered.Status, remembered.Cache));
        Assert.Contains(logs.Lines, l => l.Message.Contains("Shared response cache (Redis)", StringComparison.Ordinal));
    }
}
