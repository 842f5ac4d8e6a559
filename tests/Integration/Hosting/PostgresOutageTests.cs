using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;
using GatoLink.Integration.Tests.Infrastructure;
using GatoLink.Silo.Ledger;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Xunit.Abstractions;
using GatoLink.PerSilo.Keys;

namespace GatoLink.Integration.Tests.Hosting;

/// <summary>
/// Two silos on one PostgreSQL, eight clients, PostgreSQL stopped for ten seconds: the keys the silos know keep being
/// served, nothing answers a 500, and the usage of what was served meanwhile reaches the ledger once PostgreSQL is back.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresOutageTests(PostgresFixture postgres, ITestOutputHelper output)
{
    private const int Clients = 8;
    private static readonly TimeSpan Before = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan After = TimeSpan.FromSeconds(3);

    private enum Phase
    {
        Before,
        During,
        After,
    }

    [Fact]
    public async Task KnownKeysAreServedWhilePostgresIsDownAndTheirUsageReachesTheLedgerAfter()
    {
        Assert.True(postgres.CanControlServer, "The fixture must control the server (own cluster or GATOLINK_TEST_PG_CTL_DATA).");
        var database = await postgres.CreateDatabaseAsync();
        await using var nodes = await SimNodes.StartAsync(1, profile: "instant", timeScale: 1);
        var adminKey = ApiKeySecrets.NewSecret();
        await using var first = await SiloHarness.StartAsync(nodes.Urls, postgres: database, adminKey: adminKey);
        await using var second = await SiloHarness.StartAsync(nodes.Urls, postgres: database, adminKey: adminKey);
        SiloHarness[] silos = [first, second];

        var tenant = await first.CreateTenantAsync("outage-" + Guid.NewGuid().ToString("N")[..8]);
        // Limits far above what the test sends: the key's grain is active and asked on every request.
        var (_, limited) = await first.CreateKeyAsync(tenant, new { name = "limited", rpm = 1_000_000, daily_cost_usd = 1000 });
        var (_, unlimited) = await first.CreateKeyAsync(tenant, new { name = "unlimited" });
        // Known to every silo (the registry pushed it) but never used: its grain activates during the outage.
        var (_, cold) = await first.CreateKeyAsync(tenant, new { name = "cold", rpm = 1_000_000 });
        string[] keys = [limited, unlimited];

        var clients = Enumerable.Range(0, Clients).Select(i => silos[i % 2].Http(keys[i / 2 % 2])).ToArray();
        try
        {
            // Every key known on every silo and the limited key's grain active before the outage.
            foreach (var client in clients)
            {
                var warm = await SendAsync(client);
                Assert.Equal(HttpStatusCode.OK, warm.Status);
            }

            var results = new ConcurrentBag<Outcome>();
            var phase = (int)Phase.Before;
            using var stop = new CancellationTokenSource();
            var load = clients.Select(client => Task.Run(async () =>
            {
                while (!stop.IsCancellationRequested)
                {
                    var at = (Phase)Volatile.Read(ref phase);
                    var outcome = await SendAsync(client);
                    // A request counts in the outage when it started or ended there.
                    results.Add(outcome with { Phase = at == Phase.During || (Phase)Volatile.Read(ref phase) == Phase.During ? Phase.During : at });
                }
            })).ToArray();

            await Task.Delay(Before);
            var outageStarted = Stopwatch.StartNew();
            IReadOnlyList<Probe> probes = [];
            long spooledAtEnd = 0;
            await postgres.StopServerAsync();
            Volatile.Write(ref phase, (int)Phase.During);
            try
            {
                probes = await ProbeAsync(silos, cold, Outage);
                // The usage of what was served meanwhile waits in the silos' spools.
                spooledAtEnd = silos.Sum(s => s.Services.GetRequiredService<UsageForwarder>().Spooled);
            }
            finally
            {
                Volatile.Write(ref phase, (int)Phase.After);
                await postgres.StartServerAsync();
                output.WriteLine($"PostgreSQL was down for {outageStarted.Elapsed.TotalSeconds:F1} s");
            }

            await Task.Delay(After);
            await stop.CancelAsync();
            await Task.WhenAll(load);

            foreach (var p in Enum.GetValues<Phase>())
            {
                var inPhase = results.Where(r => r.Phase == p).ToList();
                var byStatus = inPhase.GroupBy(r => r.Status).OrderBy(g => g.Key).Select(g => $"{(int)g.Key}: {g.Count()}");
                output.WriteLine($"{p}: {inPhase.Count} requests ({string.Join(", ", byStatus)})");
            }

            foreach (var group in probes.GroupBy(p => (p.What, p.Status, p.RetryAfter)).OrderBy(g => g.Key.What))
            {
                output.WriteLine($"probe {group.Key.What}: {(int)group.Key.Status}{(group.Key.RetryAfter ? " with Retry-After" : "")} x{group.Count()}");
            }

            // Readiness does not follow PostgreSQL: a balancer that dropped every silo would stop what still works.
            Assert.All(probes.Where(p => p.What == "readyz"), p => Assert.Equal(HttpStatusCode.OK, p.Status));
            // A key whose limits cannot be read fails closed; a secret the silo does not know cannot be checked.
            Assert.All(probes.Where(p => p.What == "cold key"), p => Assert.True(p.Status == HttpStatusCode.OK || (p.Status == HttpStatusCode.ServiceUnavailable && p.RetryAfter), $"cold key answered {(int)p.Status}"));
            Assert.All(probes.Where(p => p.What == "unknown key"), p => Assert.True(p.Status == HttpStatusCode.Unauthorized || (p.Status == HttpStatusCode.ServiceUnavailable && p.RetryAfter), $"unknown key answered {(int)p.Status}"));

            var during = results.Where(r => r.Phase == Phase.During).ToList();
            var served = during.Where(r => r.Status == HttpStatusCode.OK).ToList();
            var unavailable = during.Count(r => r.Status == HttpStatusCode.ServiceUnavailable);
            Assert.DoesNotContain(results, r => (int)r.Status >= 500 && !(r.Status == HttpStatusCode.ServiceUnavailable && r.RetryAfter));
            Assert.DoesNotContain(results, r => r.Status == 0);
            Assert.All(results.Where(r => r.Phase != Phase.During), r => Assert.Equal(HttpStatusCode.OK, r.Status));
            Assert.True(served.Count > 100, $"only {served.Count} requests were served during the outage");
            Assert.True(unavailable <= during.Count / 20, $"{unavailable} of {during.Count} requests during the outage were refused with 503");
            foreach (var key in keys)
            {
                Assert.Contains(served, r => r.Key == key);
            }

            // The spools grew during the outage and hand what was served meanwhile to the ledger: every request once.
            output.WriteLine($"usage events in the spools when PostgreSQL came back: {spooledAtEnd}");
            Assert.True(spooledAtEnd >= served.Count / 2, $"only {spooledAtEnd} events were spooled for {served.Count} requests served during the outage");
            using (var drained = new CancellationTokenSource(TimeSpan.FromSeconds(60)))
            {
                foreach (var silo in silos)
                {
                    await silo.Services.GetRequiredService<UsageForwarder>().DrainAsync(drained.Token);
                }
            }

            Assert.All(silos, s => Assert.Equal(0, s.Services.GetRequiredService<UsageForwarder>().Spooled));
            var ids = served.Select(r => r.RequestId).ToArray();
            await using var connection = new NpgsqlConnection(database);
            await connection.OpenAsync();
            await using var query = new NpgsqlCommand("SELECT count(*), count(DISTINCT request_id) FROM usage_events WHERE request_id = ANY(@ids)", connection);
            query.Parameters.AddWithValue("ids", ids);
            await using var reader = await query.ExecuteReaderAsync();
            Assert.True(await reader.ReadAsync());
            Assert.Equal(ids.Length, reader.GetInt64(1));
            Assert.Equal(ids.Length, reader.GetInt64(0));
        }
        finally
        {
            foreach (var client in clients)
            {
                client.Dispose();
            }
        }
    }

    /// <summary>For <paramref name="length"/>, a few requests a second to each silo: /readyz, the cold key, an unknown key.</summary>
    private static async Task<IReadOnlyList<Probe>> ProbeAsync(SiloHarness[] silos, string coldKey, TimeSpan length)
    {
        var probes = new List<Probe>();
        var unknownKey = ApiKeySecrets.NewSecret();
        var clock = Stopwatch.StartNew();
        using var readiness = new HttpClient { Timeout = TimeSpan.FromSeconds(15) };
        var clients = silos.Select(s => (Silo: s, Cold: s.Http(coldKey), Unknown: s.Http(unknownKey))).ToArray();
        try
        {
            while (clock.Elapsed < length)
            {
                foreach (var (silo, coldClient, unknownClient) in clients)
                {
                    using (var ready = await readiness.GetAsync(new Uri(silo.BaseUrl, "readyz")))
                    {
                        probes.Add(new Probe("readyz", ready.StatusCode, ready.Headers.RetryAfter is not null));
                    }

                    var c = await SendAsync(coldClient);
                    probes.Add(new Probe("cold key", c.Status, c.RetryAfter));
                    var u = await SendAsync(unknownClient);
                    probes.Add(new Probe("unknown key", u.Status, u.RetryAfter));
                }

                await Task.Delay(TimeSpan.FromMilliseconds(250));
            }
        }
        finally
        {
            foreach (var (_, coldClient, unknownClient) in clients)
            {
                coldClient.Dispose();
                unknownClient.Dispose();
            }
        }

        return probes;
    }

    private static async Task<Outcome> SendAsync(HttpClient client)
    {
        var key = client.DefaultRequestHeaders.Authorization!.Parameter!;
        using var content = new StringContent("""{"model":"demo-8b","messages":[{"role":"user","content":"hi"}],"max_tokens":4}""", Encoding.UTF8, "application/json");
        // Bounded per request: a hang is a failure (status 0), not a slow test.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        try
        {
            using var response = await client.PostAsync("v1/chat/completions", content, timeout.Token);
            await response.Content.ReadAsByteArrayAsync(timeout.Token);
            var requestId = response.Headers.TryGetValues("x-request-id", out var values) ? values.First() : "";
            return new Outcome(Phase.Before, key, response.StatusCode, response.Headers.RetryAfter is not null, requestId);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            return new Outcome(Phase.Before, key, 0, false, "");
        }
        catch (HttpRequestException)
        {
            return new Outcome(Phase.Before, key, 0, false, "");
        }
    }

    private sealed record Probe(string What, HttpStatusCode Status, bool RetryAfter);

    private sealed record Outcome(Phase Phase, string Key, HttpStatusCode Status, bool RetryAfter, string RequestId);
}
