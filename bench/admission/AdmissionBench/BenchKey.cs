using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace GatoLink.Bench.Admission;

/// <summary>Creates the benchmark's tenant and key through the admin API.</summary>
public static class BenchKey
{
    /// <summary>Prints the secret of a key limited on every kind (key and tenant), never refusing at bench load.</summary>
    public static async Task<int> CreateAsync(Uri silo, string adminKey)
    {
        using var http = new HttpClient { BaseAddress = silo };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", adminKey);
        var limits = new JsonObject
        {
            ["rpm"] = 3_000_000,
            ["tpm"] = 300_000_000,
            ["daily_cost_usd"] = 10_000,
            ["monthly_cost_usd"] = 100_000,
            ["monthly_tokens"] = 100_000_000_000,
        };
        var tenantBody = limits.DeepClone().AsObject();
        tenantBody["name"] = "bench-" + Guid.NewGuid().ToString("N")[..8];
        using var tenant = await http.PostAsJsonAsync("admin/tenants", tenantBody);
        tenant.EnsureSuccessStatusCode();
        var tenantId = (string)(await tenant.Content.ReadFromJsonAsync<JsonObject>())!["id"]!;

        var keyBody = limits.DeepClone().AsObject();
        keyBody["name"] = "bench";
        using var key = await http.PostAsJsonAsync($"admin/tenants/{tenantId}/keys", keyBody);
        key.EnsureSuccessStatusCode();
        Console.WriteLine((string)(await key.Content.ReadFromJsonAsync<JsonObject>())!["key"]!);
        return 0;
    }
}
