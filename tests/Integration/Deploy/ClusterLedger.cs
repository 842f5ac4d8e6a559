using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Npgsql;

namespace GatoLink.Integration.Tests.Deploy;

/// <summary>What the cluster-script tests read on both sides of a budget: the admin API's figure and the ledger's.</summary>
internal static class ClusterLedger
{
    /// <summary>A tenant with a daily budget and a key of it with its own (and no rate limit in the way).</summary>
    public static async Task<(Guid TenantId, Guid KeyId, string Secret)> CreateBudgetedKeyAsync(HttpClient admin, string tenantName)
    {
        using var tenant = await admin.PostAsJsonAsync("admin/tenants", new JsonObject { ["name"] = tenantName, ["daily_cost_usd"] = 5000 });
        Assert.Equal(HttpStatusCode.Created, tenant.StatusCode);
        var tenantId = (string)(await tenant.Content.ReadFromJsonAsync<JsonObject>())!["id"]!;
        var body = new JsonObject { ["name"] = "load", ["rpm"] = 1_000_000, ["daily_cost_usd"] = 1000 };
        using var key = await admin.PostAsJsonAsync($"admin/tenants/{tenantId}/keys", body);
        Assert.Equal(HttpStatusCode.Created, key.StatusCode);
        var json = (await key.Content.ReadFromJsonAsync<JsonObject>())!;
        return (Guid.Parse(tenantId), Guid.Parse((string)json["id"]!), (string)json["key"]!);
    }

    /// <summary>What the ledger billed today (UTC) for the key or tenant (<paramref name="column"/>: api_key_id, tenant_id).</summary>
    public static async Task<long> BilledTodayAsync(string postgres, string column, Guid id)
    {
        await using var connection = new NpgsqlConnection(postgres);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            $"SELECT coalesce(sum(cost_micros), 0) FROM usage_events WHERE {column} = @id AND ts >= date_trunc('day', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'", connection);
        command.Parameters.AddWithValue("id", id);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    /// <summary>What the ledger billed the tenant this calendar month (UTC), in µUSD.</summary>
    public static async Task<long> BilledThisMonthAsync(string postgres, Guid tenantId)
    {
        await using var connection = new NpgsqlConnection(postgres);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT coalesce(sum(cost_micros), 0) FROM usage_events WHERE tenant_id = @id AND ts >= date_trunc('month', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'", connection);
        command.Parameters.AddWithValue("id", tenantId);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    /// <summary>The daily cost budget's <c>used</c> (µUSD) at a budget route.</summary>
    public static async Task<long> DailyCostUsedAsync(HttpClient admin, string route)
    {
        var budget = await admin.GetFromJsonAsync<JsonObject>(route);
        var daily = budget!["limits"]!.AsArray().Single(l => (string?)l!["name"] == "daily_cost")!;
        return long.Parse(daily["used"]!.ToString(), CultureInfo.InvariantCulture);
    }
}
