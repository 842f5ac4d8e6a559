using System.ClientModel;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using GatoLink.Integration.Tests.Infrastructure;
using GatoLink.Integration.Tests.Ledger;
using OpenAI.Chat;

namespace GatoLink.Integration.Tests.Attribution;

/// <summary>
/// Attribution tags end to end: from the SDK's <c>metadata</c> and <c>user</c>, the header and the defaults of a key and
/// its tenant, through the ledger (PostgreSQL and SQLite), to the usage API grouped and filtered by a tag, and CSV.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class AttributionTagTests(PostgresFixture postgres)
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task TagsFromMetadataUserAndHeaderLandInTheLedgerAndGroupInTheUsageApi(bool onPostgres)
    {
        await using var nodes = await SimNodes.StartAsync(1, profile: "instant");
        await using var silo = LedgerSilo.Start(onPostgres ? await postgres.CreateDatabaseAsync() : null, nodes.Urls);
        var (tenant, keyId, key) = await TenantWithKeyAsync(silo);
        await PatchAsync(silo, $"admin/tenants/{tenant}", new JsonObject { ["default_tags"] = new JsonObject { ["team"] = "search" } });
        await PatchAsync(silo, $"admin/keys/{keyId}", new JsonObject { ["allowed_tag_keys"] = new JsonArray("customer", "feature", "user", "team") });

        var chat = Client(silo, key).GetChatClient("demo-8b");
        var options = new ChatCompletionOptions { MaxOutputTokenCount = 4, EndUserId = "alice" };
        options.Metadata["customer"] = "acme";
        await chat.CompleteChatAsync([new UserChatMessage("hello")], options);
        await chat.CompleteChatAsync([new UserChatMessage("hello again")], options);
        using var http = silo.Http(key);
        using (var headerTagged = await PostChatAsync(http, "customer=globex, feature=search"))
        {
            Assert.Equal(HttpStatusCode.OK, headerTagged.StatusCode);
        }

        using (var untagged = await PostChatAsync(http, null))
        {
            Assert.Equal(HttpStatusCode.OK, untagged.StatusCode);
        }

        await silo.Billing.DrainAsync(CancellationToken.None);

        var byCustomer = await ReportAsync(silo, $"admin/tenants/{tenant}/usage?group_by=tag:customer");
        Assert.Equal("tag:customer", (string)byCustomer["group_by"]!);
        var rows = byCustomer["rows"]!.AsArray().ToDictionary(r => (string)r!["group"]!, r => (long)r!["requests"]!);
        Assert.Equal(new Dictionary<string, long> { [""] = 1, ["acme"] = 2, ["globex"] = 1 }, rows);

        var byUser = await ReportAsync(silo, $"admin/keys/{keyId}/usage?group_by=tag:user&tag=customer:acme");
        Assert.Equal("alice", (string)byUser["rows"]![0]!["group"]!);
        Assert.Equal(2, (long)byUser["rows"]![0]!["requests"]!);
        var team = await ReportAsync(silo, $"admin/tenants/{tenant}/usage?group_by=tag:team");
        Assert.Equal(4, (long)team["rows"]!.AsArray().Single(r => (string)r!["group"]! == "search")!["requests"]!);
        var filtered = await ReportAsync(silo, $"admin/tenants/{tenant}/usage?group_by=model&tag=feature:search&tag=customer:globex");
        Assert.Equal(1, (long)filtered["rows"]![0]!["requests"]!);

        var csv = await silo.Admin.GetStringAsync($"admin/tenants/{tenant}/usage?group_by=tag:customer&format=csv");
        Assert.StartsWith("group,requests,", csv, StringComparison.Ordinal);
        Assert.Contains("\r\nacme,2,", csv, StringComparison.Ordinal);
        Assert.Contains("\r\nglobex,1,", csv, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ADisallowedOversizedOrEleventhTagIsA400NamingIt()
    {
        await using var nodes = await SimNodes.StartAsync(1, profile: "instant");
        await using var silo = LedgerSilo.Start(null, nodes.Urls);
        var (tenant, keyId, key) = await TenantWithKeyAsync(silo);
        await PatchAsync(silo, $"admin/tenants/{tenant}", new JsonObject { ["allowed_tag_keys"] = new JsonArray("customer") });
        using var http = silo.Http(key);

        var header = await ErrorOfAsync(await PostChatAsync(http, "customer=acme,project=apollo"));
        Assert.Equal(("tag_not_allowed", "x-gatolink-tags"), ((string)header["code"]!, (string)header["param"]!));
        Assert.Contains("'project'", (string)header["message"]!, StringComparison.Ordinal);

        var chat = Client(silo, key).GetChatClient("demo-8b");
        var options = new ChatCompletionOptions();
        options.Metadata["feature"] = "search";
        var refused = await Assert.ThrowsAsync<ClientResultException>(() => chat.CompleteChatAsync([new UserChatMessage("hi")], options));
        Assert.Equal(400, refused.Status);
        Assert.Contains("metadata.feature", refused.Message, StringComparison.Ordinal);

        var oversized = await ErrorOfAsync(await PostChatAsync(http, "customer=" + new string('x', 300)));
        Assert.Equal("x-gatolink-tags", (string)oversized["param"]!);
        await PatchAsync(silo, $"admin/tenants/{tenant}", new JsonObject { ["allowed_tag_keys"] = null });
        var eleven = string.Join(',', Enumerable.Range(0, 11).Select(i => $"k{i}=v"));
        Assert.Contains("at most 10 tags", (string)(await ErrorOfAsync(await PostChatAsync(http, eleven)))["message"]!, StringComparison.Ordinal);

        using var badPolicy = await silo.Admin.PatchAsJsonAsync($"admin/keys/{keyId}", new JsonObject { ["default_tags"] = new JsonObject { ["bad key"] = "v" } });
        Assert.Equal(HttpStatusCode.BadRequest, badPolicy.StatusCode);
        Assert.Equal("default_tags.bad key", (string)(await badPolicy.Content.ReadFromJsonAsync<JsonObject>())!["error"]!["param"]!);
        using var badGroup = await silo.Admin.GetAsync($"admin/tenants/{tenant}/usage?group_by=tag:");
        Assert.Equal(HttpStatusCode.BadRequest, badGroup.StatusCode);
        Assert.Equal(0, nodes.RequestsReceived);
    }

    internal static async Task<(Guid Tenant, Guid KeyId, string Key)> TenantWithKeyAsync(LedgerSilo silo)
    {
        using var tenantResponse = await silo.Admin.PostAsJsonAsync("admin/tenants", new JsonObject { ["name"] = $"tags-{Guid.NewGuid():N}" });
        tenantResponse.EnsureSuccessStatusCode();
        var tenant = Guid.Parse((string)(await tenantResponse.Content.ReadFromJsonAsync<JsonObject>())!["id"]!);
        using var keyResponse = await silo.Admin.PostAsJsonAsync($"admin/tenants/{tenant}/keys", new JsonObject { ["name"] = "k" });
        keyResponse.EnsureSuccessStatusCode();
        var key = (await keyResponse.Content.ReadFromJsonAsync<JsonObject>())!;
        return (tenant, Guid.Parse((string)key["id"]!), (string)key["key"]!);
    }

    internal static async Task PatchAsync(LedgerSilo silo, string path, JsonObject body)
    {
        using var response = await silo.Admin.PatchAsJsonAsync(path, body);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    internal static async Task<JsonObject> ReportAsync(LedgerSilo silo, string path) =>
        (await silo.Admin.GetFromJsonAsync<JsonObject>(path))!;

    internal static async Task<HttpResponseMessage> PostChatAsync(HttpClient http, string? tags, string prompt = "hello", int maxTokens = 4)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/chat/completions")
        {
            Content = new StringContent($"{{\"model\":\"demo-8b\",\"max_tokens\":{maxTokens},\"messages\":[{{\"role\":\"user\",\"content\":\"{prompt}\"}}]}}", Encoding.UTF8, "application/json"),
        };
        if (tags is not null)
        {
            request.Headers.Add("x-gatolink-tags", tags);
        }

        return await http.SendAsync(request);
    }

    private static async Task<JsonObject> ErrorOfAsync(HttpResponseMessage response)
    {
        using (response)
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            return (JsonObject)(await response.Content.ReadFromJsonAsync<JsonObject>())!["error"]!;
        }
    }

    private static OpenAI.OpenAIClient Client(LedgerSilo silo, string key) =>
        new(new ApiKeyCredential(key), new OpenAI.OpenAIClientOptions { Endpoint = new Uri(silo.BaseUrl, "v1") });
}
