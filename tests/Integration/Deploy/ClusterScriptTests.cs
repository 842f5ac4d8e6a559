using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using GatoLink.Integration.Tests.Infrastructure;
using Npgsql;
using Xunit.Abstractions;

namespace GatoLink.Integration.Tests.Deploy;

/// <summary>
/// The local cluster as an operator runs it: <c>deploy/local/cluster.sh up</c> (PostgreSQL, NodeSim nodes, three silos,
/// nginx, Prometheus), then twenty OpenAI SDK clients through nginx, streaming and not, while the script restarts every
/// silo one by one and scales to four silos and back to two. No client may see a failure, and every request served is
/// one ledger row; then <c>down</c> leaves no process and no listener.
/// </summary>
[Collection(RunsAloneCollection.Name)]
public sealed class ClusterScriptTests(ITestOutputHelper output)
{
    private const int Clients = 20;
    private static readonly TimeSpan MinimumTraffic = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task RollingRestartAndScalingUnderTrafficFailNoRequestAndDownLeavesNothingBehind()
    {
        await using var cluster = await LocalClusterScript.UpAsync(3, output.WriteLine);
        using var admin = new HttpClient { BaseAddress = cluster.Url, Timeout = TimeSpan.FromSeconds(30) };
        admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", cluster.AdminKey);
        var (tenantId, keyId, secret) = await ClusterLedger.CreateBudgetedKeyAsync(admin, "rolling");
        await WaitUntilEverySiloKnowsAsync(cluster, secret);

        var load = new ChatLoad(cluster.Url, secret);
        using var stop = new CancellationTokenSource();
        var traffic = Stopwatch.StartNew();
        var running = load.RunAsync(Clients, stop.Token);
        try
        {
            await cluster.RunAsync(output.WriteLine, TimeSpan.FromMinutes(4), "rolling-restart");
            output.WriteLine($"rolling restart done at {traffic.Elapsed.TotalSeconds:F0} s, {load.Succeeded} requests served");
            await cluster.RunAsync(output.WriteLine, TimeSpan.FromMinutes(2), "scale", "4");
            output.WriteLine($"scale 4 done at {traffic.Elapsed.TotalSeconds:F0} s, {load.Succeeded} requests served");
            await cluster.RunAsync(output.WriteLine, TimeSpan.FromMinutes(2), "scale", "2");
            output.WriteLine($"scale 2 done at {traffic.Elapsed.TotalSeconds:F0} s, {load.Succeeded} requests served");
            if (traffic.Elapsed < MinimumTraffic)
            {
                await Task.Delay(MinimumTraffic - traffic.Elapsed);
            }
        }
        finally
        {
            await stop.CancelAsync();
            await running;
        }

        output.WriteLine($"{load.Succeeded} requests succeeded and {load.Failures.Count} failed in {traffic.Elapsed.TotalSeconds:F0} s");
        foreach (var failure in load.Failures.Take(20))
        {
            output.WriteLine(failure);
        }

        if (load.Failures.Count > 0)
        {
            output.WriteLine(cluster.FailureLogs());
        }

        Assert.Empty(load.Failures);
        Assert.True(load.Succeeded >= 200, $"only {load.Succeeded} requests were served: the test did not load the cluster");
        output.WriteLine(await cluster.RunAsync(output.WriteLine, TimeSpan.FromSeconds(30), "status"));

        // Every request a client received is one row (usage reaches the ledger through the spool and the stream).
        var (rows, requests, _) = await WaitForLedgerAsync(cluster.Postgres, keyId, load.Succeeded, TimeSpan.FromSeconds(60));
        Assert.Equal(load.Succeeded, rows);
        Assert.Equal(rows, requests);

        // The key's and the tenant's daily budgets, each held by one grain that moved with the restarts and the scaling
        // (re-activated while usage was still on its way to the ledger), count exactly what the ledger billed today:
        // a re-activated grain seeds from the ledger before its activation once the cluster's ledger mark has passed
        // it, and counts settlements of usage stamped after it.
        await AssertBudgetMatchesLedgerAsync(cluster, admin, $"admin/keys/{keyId}/budget", "api_key_id", keyId);
        await AssertBudgetMatchesLedgerAsync(cluster, admin, $"admin/tenants/{tenantId}/budget", "tenant_id", tenantId);

        var pids = cluster.RecordedPids();
        var ports = cluster.RecordedPorts();
        await cluster.DownAsync(output.WriteLine);
        Assert.DoesNotContain(pids, LocalClusterScript.Alive);
        Assert.DoesNotContain(ports, LocalClusterScript.Listens);
        Assert.False(Directory.Exists(cluster.StateDirectory), "down left the state directory");
    }

    private static async Task WaitUntilEverySiloKnowsAsync(LocalClusterScript cluster, string secret)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var deadline = DateTime.UtcNow.AddSeconds(30);
        foreach (var silo in cluster.SiloUrls())
        {
            while (true)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(silo, "v1/models"));
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", secret);
                using var response = await http.SendAsync(request);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    break;
                }

                Assert.True(DateTime.UtcNow < deadline, $"{silo} still answers {(int)response.StatusCode} for the new key");
                await Task.Delay(100);
            }
        }
    }

    private static async Task<(int Rows, int Requests, long Cost)> WaitForLedgerAsync(string postgres, Guid keyId, int expected, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (true)
        {
            await using var connection = new NpgsqlConnection(postgres);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(
                "SELECT count(*), count(DISTINCT request_id), coalesce(sum(cost_micros), 0) FROM usage_events WHERE api_key_id = @key", connection);
            command.Parameters.AddWithValue("key", keyId);
            await using var reader = await command.ExecuteReaderAsync();
            await reader.ReadAsync();
            var result = (Convert.ToInt32(reader.GetInt64(0)), Convert.ToInt32(reader.GetInt64(1)), reader.GetInt64(2));
            if (result.Item1 >= expected || DateTime.UtcNow > deadline)
            {
                return result;
            }

            await Task.Delay(250);
        }
    }

    /// <summary>
    /// Waits (a few seconds at most: the grains' seeds complete about a second after the last move) until the budget at
    /// <paramref name="route"/> counts what the ledger billed today for the scope, and fails with both figures (and the
    /// silos' warnings) if it never does.
    /// </summary>
    private async Task AssertBudgetMatchesLedgerAsync(LocalClusterScript cluster, HttpClient admin, string route, string column, Guid id)
    {
        var postgres = cluster.Postgres;
        var waited = Stopwatch.StartNew();
        while (true)
        {
            var used = await ClusterLedger.DailyCostUsedAsync(admin, route);
            var billed = await ClusterLedger.BilledTodayAsync(postgres, column, id);
            if (used == billed)
            {
                output.WriteLine($"{route}: budget used {used} µUSD = ledger {billed} µUSD (after {waited.ElapsedMilliseconds} ms)");
                return;
            }

            if (waited.Elapsed >= TimeSpan.FromSeconds(30))
            {
                // What the silos warned about (moves, rejected calls, seeds still waiting) says where a count went.
                output.WriteLine(cluster.FailureLogs());
            }

            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(30), $"{route}: the budget counts {used} µUSD, the ledger billed {billed} µUSD today ({billed - used} apart)");
            await Task.Delay(250);
        }
    }
}
