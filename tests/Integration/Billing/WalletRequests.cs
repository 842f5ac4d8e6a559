using System.Net.Http.Json;
using System.Text.Json.Nodes;
using GatoLink.Integration.Tests.Infrastructure;

namespace GatoLink.Integration.Tests.Billing;

/// <summary>Admin calls of the wallet tests: a prepaid tenant, top-ups with an idempotency key, the wallet as the API shows it.</summary>
internal static class WalletRequests
{
    /// <summary>Creates a prepaid tenant and returns its id.</summary>
    public static Task<Guid> PrepaidTenantAsync(SiloHarness silo, string prefix, object? more = null)
    {
        var body = System.Text.Json.JsonSerializer.SerializeToNode(more ?? new { }) as JsonObject ?? [];
        body["billing"] = "prepaid";
        return silo.CreateTenantAsync(prefix + "-" + Guid.NewGuid().ToString("N")[..8], body);
    }

    /// <summary>POSTs a top-up (or, with <paramref name="adjustment"/>, an adjustment) under <paramref name="key"/>.</summary>
    public static async Task<HttpResponseMessage> TopUpAsync(HttpClient admin, Guid tenant, string? key, object body, bool adjustment = false)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"admin/tenants/{tenant}/wallet/{(adjustment ? "adjustments" : "topups")}")
        {
            Content = JsonContent.Create(body),
        };
        if (key is not null)
        {
            request.Headers.Add("Idempotency-Key", key);
        }

        return await admin.SendAsync(request);
    }

    /// <summary>The wallet as <c>GET /admin/tenants/{id}/wallet</c> shows it.</summary>
    public static async Task<JsonObject> WalletAsync(HttpClient admin, Guid tenant)
    {
        using var response = await admin.GetAsync($"admin/tenants/{tenant}/wallet");
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    /// <summary>A USD amount of the API in micro-dollars, exactly.</summary>
    public static long Micros(JsonNode? usd) => (long)(usd!.GetValue<decimal>() * 1_000_000m);
}
