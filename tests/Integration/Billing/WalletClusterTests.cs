using System.ClientModel;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using GatoLink.Integration.Tests.Infrastructure;
using GatoLink.Integration.Tests.Placement;
using GatoLink.Integration.Tests.Quotas;
using OpenAI.Chat;
using static GatoLink.Integration.Tests.Billing.WalletRequests;

namespace GatoLink.Integration.Tests.Billing;

/// <summary>
/// A prepaid tenant's wallet held by its grain for the whole cluster: three silos, one PostgreSQL. The wallet is never
/// spent below zero, refuses with OpenAI's <c>insufficient_quota</c> once spent, and counts a replayed top-up once.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class WalletClusterTests : IClassFixture<ClusterFixture>
{
    // demo-8b in the harness: 1 micro-dollar per input token, 2 per output token.
    private const long InputMicros = 1;
    private const long OutputMicros = 2;

    private readonly ClusterFixture _cluster;

    public WalletClusterTests(ClusterFixture cluster) => _cluster = cluster;

    [Fact]
    public async Task AWalletDrainedFromThreeSilosNeverGoesBelowZeroThenAnswersInsufficientQuotaUntilToppedUp()
    {
        const long creditMicros = 10_000;
        const int maxTokens = 400;
        var tenant = await PrepaidTenantAsync(_cluster.First, "drain");
        var (_, secret) = await _cluster.First.CreateKeyAsync(tenant, new { name = "drain" });
        using (var topUp = await TopUpAsync(_cluster.First.Admin, tenant, "seed-1", new { amount_usd = 0.01m, reason = "first credit" }))
        {
            Assert.Equal(HttpStatusCode.Created, topUp.StatusCode);
        }

        var chats = _cluster.Silos.Select(s => NoRetryOpenAi.Chat(s, secret)).ToArray();
        var (usages, refusals) = await StreamingFlood.RunAsync(chats, 60, maxTokens);

        var spent = usages.Sum(u => u.InputTokenCount * InputMicros + u.OutputTokenCount * OutputMicros);
        Assert.True(spent <= creditMicros, $"Spent {spent} micro-dollars of {creditMicros} credited.");
        Assert.NotEmpty(usages);
        Assert.NotEmpty(refusals);
        Assert.Contains(usages, u => u.OutputTokenCount < maxTokens);
        Assert.All(refusals, r => Assert.Contains("insufficient_quota", r.Message, StringComparison.Ordinal));

        // Once every settlement is in, the wallet's spending is exactly what the requests cost, whichever silo reads it.
        var wallet = await Wait.UntilAsync(() => WalletAsync(_cluster.Silos[2].Admin, tenant), w => Micros(w["reserved_usd"]) == 0, TimeSpan.FromSeconds(30));
        Assert.Equal(spent, Micros(wallet["spent_usd"]));
        Assert.Equal(creditMicros - spent, Micros(wallet["balance_usd"]));
        Assert.True((bool)wallet["prepaid"]!);

        // Drain what is left one request at a time; then the refusal is OpenAI's insufficient_quota, as raw JSON.
        using var http = _cluster.Silos[1].Http(secret);
        HttpResponseMessage? refused = null;
        for (var i = 0; i < 200 && refused is null; i++)
        {
            var response = await http.PostAsJsonAsync("v1/chat/completions", new { model = "demo-8b", messages = new[] { new { role = "user", content = "hi" } }, max_tokens = maxTokens });
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                refused = response;
            }
            else
            {
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                response.Dispose();
            }
        }

        using (refused)
        {
            Assert.NotNull(refused);
            var error = (await refused!.Content.ReadFromJsonAsync<JsonObject>())!["error"]!;
            Assert.Equal("insufficient_quota", (string?)error["code"]);
            Assert.Equal("insufficient_quota", (string?)error["type"]);
        }

        var drained = await Wait.UntilAsync(() => WalletAsync(_cluster.First.Admin, tenant), w => Micros(w["reserved_usd"]) == 0, TimeSpan.FromSeconds(30));
        Assert.InRange(Micros(drained["balance_usd"]), 0, creditMicros);

        // A top-up lets the tenant in again at once, on any silo.
        using (var more = await TopUpAsync(_cluster.First.Admin, tenant, "seed-2", new { amount_usd = 1m, reason = "more credit" }))
        {
            Assert.Equal(HttpStatusCode.Created, more.StatusCode);
        }

        var again = await chats[2].CompleteChatAsync([new UserChatMessage("hi")], new ChatCompletionOptions { MaxOutputTokenCount = 5 });
        Assert.Equal(5, again.Value.Usage.OutputTokenCount);
    }

    [Fact]
    public async Task ATopUpReplayedWithTheSameIdempotencyKeyCountsOnceAndADifferentBodyUnderItIsRefused()
    {
        var tenant = await PrepaidTenantAsync(_cluster.First, "replay");
        var body = new { amount_usd = 12.34m, reason = "invoice 2026-11 paid" };
        foreach (var silo in _cluster.Silos)
        {
            // A new tenant reaches the other silos' directories within a second.
            await Wait.UntilAsync(async () => (await silo.Admin.GetAsync($"admin/tenants/{tenant}")).StatusCode, s => s == HttpStatusCode.OK, TimeSpan.FromSeconds(10));
        }

        // The same top-up sent to all three silos at once, and once more after: one credit.
        var first = await Task.WhenAll(_cluster.Silos.Select(s => TopUpAsync(s.Admin, tenant, "pay-123", body)));
        using var later = await TopUpAsync(_cluster.Silos[1].Admin, tenant, "pay-123", body);
        Assert.Single(first, r => r.StatusCode == HttpStatusCode.Created);
        Assert.All(first.Where(r => r.StatusCode != HttpStatusCode.Created), r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(HttpStatusCode.OK, later.StatusCode);
        Assert.True((bool)(await later.Content.ReadFromJsonAsync<JsonObject>())!["replayed"]!);
        foreach (var response in first)
        {
            response.Dispose();
        }

        using var reused = await TopUpAsync(_cluster.First.Admin, tenant, "pay-123", new { amount_usd = 99m, reason = "invoice 2026-11 paid" });
        Assert.Equal(HttpStatusCode.Conflict, reused.StatusCode);
        Assert.Equal("Idempotency-Key", (string?)(await reused.Content.ReadFromJsonAsync<JsonObject>())!["error"]!["param"]);

        var wallet = await WalletAsync(_cluster.Silos[2].Admin, tenant);
        Assert.Equal(12_340_000, Micros(wallet["credited_usd"]));
        var transaction = Assert.Single(wallet["transactions"]!.AsArray());
        Assert.Equal("pay-123", (string?)transaction!["idempotency_key"]);
        Assert.Equal("invoice 2026-11 paid", (string?)transaction["reason"]);
    }

    [Theory]
    [InlineData("""{"amount_usd":-5,"reason":"x"}""", "seed", "amount_usd")]
    [InlineData("""{"amount_usd":0.001,"reason":"x"}""", "seed", "amount_usd")]
    [InlineData("""{"amount_usd":0,"reason":"x"}""", "seed", "amount_usd")]
    [InlineData("""{"amount_usd":5}""", "seed", "reason")]
    [InlineData("""{"amount_usd":5,"reason":"x","currency":"usd"}""", "seed", "currency")]
    [InlineData("""{"amount_usd":5,"reason":"x"}""", null, "Idempotency-Key")]
    public async Task ABadTopUpIs400NamingTheFieldAndCreditsNothing(string json, string? key, string field)
    {
        var tenant = await PrepaidTenantAsync(_cluster.First, "bad");
        using var request = new HttpRequestMessage(HttpMethod.Post, $"admin/tenants/{tenant}/wallet/topups")
        {
            Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json"),
        };
        if (key is not null)
        {
            request.Headers.Add("Idempotency-Key", key);
        }

        using var response = await _cluster.First.Admin.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(field, (string?)(await response.Content.ReadFromJsonAsync<JsonObject>())!["error"]!["param"]);
        Assert.Equal(0, Micros((await WalletAsync(_cluster.First.Admin, tenant))["credited_usd"]));
    }

    [Fact]
    public async Task ATenantAdminReadsItsWalletButCannotTopItUpAndAnUnknownPlanIsRefused()
    {
        var tenant = await PrepaidTenantAsync(_cluster.First, "own");
        var (_, admin) = await _cluster.First.CreateKeyAsync(tenant, new { name = "admin", role = "tenant_admin" });
        using var asAdmin = _cluster.First.Http(admin);

        using var read = await asAdmin.GetAsync($"admin/tenants/{tenant}/wallet");
        using var write = await TopUpAsync(asAdmin, tenant, "mine", new { amount_usd = 5m, reason = "free money" });
        using var unknownPlan = await _cluster.First.Admin.PatchAsJsonAsync($"admin/tenants/{tenant}", new { plan = "platinum" });

        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, write.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, unknownPlan.StatusCode);
        Assert.Equal("plan", (string?)(await unknownPlan.Content.ReadFromJsonAsync<JsonObject>())!["error"]!["param"]);
    }
}
