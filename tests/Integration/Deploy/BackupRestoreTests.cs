using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using GatoLink.Integration.Tests.Infrastructure;
using Npgsql;
using Xunit.Abstractions;

namespace GatoLink.Integration.Tests.Deploy;

/// <summary>
/// <c>cluster.sh backup</c> while clients stream through the cluster, then <c>restore</c> into a new cluster on a fresh
/// PostgreSQL: the tenant, the key with its limits, the ledger as it was at the backup (and none of what came after),
/// budgets rebuilt from that ledger, and the old key still serving requests.
/// </summary>
[Collection(RunsAloneCollection.Name)]
public sealed class BackupRestoreTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_backup_taken_under_traffic_restores_into_a_fresh_cluster_whose_keys_tenants_budgets_and_ledger_hold()
    {
        var backups = Directory.CreateTempSubdirectory("gatolink-backups-").FullName;
        try
        {
            Guid tenantId, keyId;
            string secret, backup, tenantName = "restored-" + Guid.NewGuid().ToString("N")[..8];
            HashSet<Guid> before;
            await using (var source = await LocalClusterScript.UpAsync(1, output.WriteLine))
            {
                using var admin = Admin(source);
                (tenantId, keyId, secret) = await ClusterLedger.CreateBudgetedKeyAsync(admin, tenantName);
                var load = new ChatLoad(source.Url, secret);
                using var stop = new CancellationTokenSource();
                var running = load.RunAsync(4, stop.Token);
                int servedAtBackup;
                try
                {
                    await WaitAsync(() => load.Succeeded >= 30, "30 requests before the backup");
                    var printed = await source.RunAsync(output.WriteLine, TimeSpan.FromMinutes(2), "backup", backups, "--keep", "2");
                    backup = printed.Split('\n').Single(l => l.StartsWith("GATOLINK_BACKUP=", StringComparison.Ordinal))["GATOLINK_BACKUP=".Length..].Trim();
                    servedAtBackup = load.Succeeded;
                    await WaitAsync(() => load.Succeeded >= servedAtBackup + 30, "30 requests after the backup");
                }
                finally
                {
                    await stop.CancelAsync();
                    await running;
                }

                Assert.Empty(load.Failures);
                before = await WaitForLedgerAsync(source.Postgres, keyId, load.Succeeded);
                Assert.Equal(load.Succeeded, before.Count);
                Assert.True(File.Exists(Path.Combine(backup, "gatolink.dump")), $"no dump in {backup}");
                await source.DownAsync(output.WriteLine);
            }

            await using var restored = await LocalClusterScript.RestoreAsync(backup, 1, output.WriteLine);
            using var restoredAdmin = Admin(restored);

            // The ledger is the backup's: what had reached it when pg_dump began, nothing from after.
            var after = await LedgerIdsAsync(restored.Postgres, keyId);
            output.WriteLine($"ledger: {before.Count} rows at the source's end, {after.Count} restored");
            Assert.NotEmpty(after);
            Assert.Subset(before, after);
            Assert.True(after.Count < before.Count, "the restored ledger holds usage recorded after the backup");

            // The tenant and the key, with their limits.
            var tenants = await restoredAdmin.GetFromJsonAsync<JsonArray>("admin/tenants");
            Assert.Contains(tenants!, t => (string?)t!["name"] == tenantName && (string?)t["id"] == tenantId.ToString());
            var key = await restoredAdmin.GetFromJsonAsync<JsonObject>($"admin/keys/{keyId}");
            Assert.Equal("active", (string?)key!["status"]);
            Assert.Equal(1000m, key["daily_cost_usd"]!.GetValue<decimal>());

            // The budget is rebuilt from the restored ledger.
            var billed = await ClusterLedger.BilledTodayAsync(restored.Postgres, "api_key_id", keyId);
            Assert.Equal(billed, await ClusterLedger.DailyCostUsedAsync(restoredAdmin, $"admin/keys/{keyId}/budget"));

            // The tenant's invoice for this month (a draft, from the restored ledger) bills exactly what the ledger holds.
            var invoices = await restoredAdmin.GetFromJsonAsync<JsonArray>($"admin/tenants/{tenantId}/invoices");
            var month = DateTime.UtcNow.ToString("yyyyMM", System.Globalization.CultureInfo.InvariantCulture);
            var invoice = invoices!.Single(i => ((string?)i!["number"])!.StartsWith(month, StringComparison.Ordinal))!;
            var monthBilled = await ClusterLedger.BilledThisMonthAsync(restored.Postgres, tenantId);
            Assert.Equal(monthBilled / 1_000_000m, invoice["usage_usd"]!.GetValue<decimal>());

            // The old key serves on the new cluster, and its use is billed there.
            using var client = new HttpClient { BaseAddress = restored.Url, Timeout = TimeSpan.FromSeconds(60) };
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
            using var chat = await client.PostAsJsonAsync("v1/chat/completions", new { model = "demo-8b", max_tokens = 8, messages = new[] { new { role = "user", content = "after the restore" } } });
            Assert.Equal(HttpStatusCode.OK, chat.StatusCode);
            await WaitAsync(async () => (await LedgerIdsAsync(restored.Postgres, keyId)).Count == after.Count + 1, "the restored key's request in the ledger");
        }
        finally
        {
            Directory.Delete(backups, recursive: true);
        }
    }

    private static HttpClient Admin(LocalClusterScript cluster)
    {
        var admin = new HttpClient { BaseAddress = cluster.Url, Timeout = TimeSpan.FromSeconds(30) };
        admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", cluster.AdminKey);
        return admin;
    }

    private static Task WaitAsync(Func<bool> condition, string what) => WaitAsync(() => Task.FromResult(condition()), what);

    private static async Task WaitAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"waited 90 s for {what}");
            await Task.Delay(100);
        }
    }

    private static async Task<HashSet<Guid>> WaitForLedgerAsync(string postgres, Guid keyId, int expected)
    {
        HashSet<Guid> ids = [];
        await WaitAsync(async () => (ids = await LedgerIdsAsync(postgres, keyId)).Count >= expected, $"{expected} ledger rows");
        return ids;
    }

    private static async Task<HashSet<Guid>> LedgerIdsAsync(string postgres, Guid keyId)
    {
        await using var connection = new NpgsqlConnection(postgres);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT event_id FROM usage_events WHERE api_key_id = @key", connection);
        command.Parameters.AddWithValue("key", keyId);
        await using var reader = await command.ExecuteReaderAsync();
        var ids = new HashSet<Guid>();
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetGuid(0));
        }

        return ids;
    }
}
