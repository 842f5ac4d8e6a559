using System.ClientModel;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using GatoLink.Grains.Abstractions.Usage;
using GatoLink.Integration.Tests.Infrastructure;
using GatoLink.NodeSim;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using OpenAI;
using OpenAI.Chat;

namespace GatoLink.Integration.Tests.Ledger;

/// <summary>The ledger through a running silo: real HTTP, the OpenAI SDK, NodeSim nodes, PostgreSQL.</summary>
[Collection(PostgresCollection.Name)]
public sealed class LedgerEndToEndTests(PostgresFixture postgres)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task MixedRunThroughTheOpenAiSdkLeavesExactlyOneLedgerRowPerAttemptAtPriceTimesTokens()
    {
        await using var nodes = await SimNodes.StartAsync(2, timeScale: 10);
        // Half of node-2's requests fail before the first token: those attempts are billed (0 tokens) and retried on node-1.
        nodes.Servers[1].Engine.Faults = new SimFaults { FailRate = 0.5, FailStatus = 503 };
        var database = await postgres.CreateDatabaseAsync();
        await using var silo = LedgerSilo.Start(database, nodes.Urls);
        var (_, key) = await CreateTenantWithKeyAsync(silo, "mixed");
        var chat = Client(silo, key).GetChatClient("demo-8b");

        var nonStreamed = new List<(string Content, int Prompt, int Completion)>();
        for (var i = 0; i < 15; i++)
        {
            var result = await chat.CompleteChatAsync([new UserChatMessage($"count to {i}")], new ChatCompletionOptions { MaxOutputTokenCount = 8 + i });
            nonStreamed.Add((result.Value.Content[0].Text, result.Value.Usage.InputTokenCount, result.Value.Usage.OutputTokenCount));
        }

        for (var i = 0; i < 15; i++)
        {
            await foreach (var update in chat.CompleteChatStreamingAsync([new UserChatMessage($"stream {i}")], new ChatCompletionOptions { MaxOutputTokenCount = 12 }))
            {
                _ = update;
            }
        }

        // Client disconnects: read a little of a long stream and hang up.
        using var http = silo.Http(key);
        for (var i = 0; i < 5; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "v1/chat/completions")
            {
                Content = new StringContent("{\"model\":\"demo-8b\",\"stream\":true,\"max_tokens\":2000,\"messages\":[{\"role\":\"user\",\"content\":\"long\"}]}", Encoding.UTF8, "application/json"),
            };
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            await using var stream = await response.Content.ReadAsStreamAsync();
            using var reader = new StreamReader(stream);
            for (var lines = 0; lines < 3 && await reader.ReadLineAsync() is not null; lines++)
            {
            }

            http.CancelPendingRequests();
        }

        var recent = silo.Services.GetRequiredService<RecentUsageSink>();
        using (var wait = new CancellationTokenSource(Patience))
        {
            while (recent.Snapshot().Count(e => e.Status == UsageStatus.ClientDisconnect) < 5)
            {
                await Task.Delay(50, wait.Token);
            }
        }

        var published = await SettleAsync(silo);
        var rows = await LedgerRowsAsync(database);

        Assert.Equal(published.Count, rows.Count);
        Assert.Equal(rows.Count, rows.Select(r => r.EventId).Distinct().Count());
        var byId = published.ToDictionary(e => e.EventId);
        foreach (var row in rows)
        {
            var e = byId[row.EventId];
            Assert.Equal((e.PromptTokens, e.CompletionTokens, e.Status), (row.Prompt, row.Completion, row.Status));
            // demo-8b costs $1 / $2 per million tokens: one and two micro-dollars a token.
            Assert.Equal(row.Prompt + (2L * row.Completion), row.Cost);
        }

        Assert.True(rows.Count(r => r.Status == UsageStatus.UpstreamError) > 0, "Some node-2 attempts should have failed and been billed.");
        var summary = string.Join(", ", rows.GroupBy(r => r.Status).Select(g => $"{g.Key}={g.Count()}"));
        Assert.True(rows.Count > 35, $"Every request and every failed attempt is a row; got {rows.Count}: {summary}.");
        var succeeded = rows.Where(r => r.Status == UsageStatus.Success).ToList();
        foreach (var (_, prompt, completion) in nonStreamed)
        {
            Assert.Contains(succeeded, r => r.Prompt == prompt && r.Completion == completion);
        }

    }

    [Fact]
    public async Task PriceChangeThroughTheAdminApiLeavesEarlierEventsAtTheOldPriceAndUsageApiAgrees()
    {
        await using var nodes = await SimNodes.StartAsync(1, timeScale: 10);
        var database = await postgres.CreateDatabaseAsync();
        await using var silo = LedgerSilo.Start(database, nodes.Urls);
        var (tenant, key) = await CreateTenantWithKeyAsync(silo, "pricing");
        var chat = Client(silo, key).GetChatClient("demo-8b");
        for (var i = 0; i < 5; i++)
        {
            await chat.CompleteChatAsync([new UserChatMessage($"before {i}")], new ChatCompletionOptions { MaxOutputTokenCount = 10 });
        }

        using (var put = await silo.Admin.PutAsJsonAsync("admin/models/demo-8b/pricing", new JsonObject { ["input_per_million_usd"] = 10, ["output_per_million_usd"] = 20 }))
        {
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }

        for (var i = 0; i < 5; i++)
        {
            await chat.CompleteChatAsync([new UserChatMessage($"after {i}")], new ChatCompletionOptions { MaxOutputTokenCount = 10 });
        }

        await SettleAsync(silo);
        var rows = await LedgerRowsAsync(database);
        Assert.Equal(10, rows.Count);
        var ordered = rows.OrderBy(r => r.Timestamp).ToList();
        Assert.All(ordered.Take(5), r => Assert.Equal(r.Prompt + (2L * r.Completion), r.Cost));
        Assert.All(ordered.Skip(5), r => Assert.Equal((10L * r.Prompt) + (20L * r.Completion), r.Cost));

        var models = await silo.Admin.GetFromJsonAsync<JsonArray>("admin/models");
        var demo = models!.Single(m => (string)m!["name"]! == "demo-8b")!;
        Assert.Equal(10m, (decimal)demo["price"]!["input_per_million_usd"]!);
        Assert.Contains(demo["price_history"]!.AsArray(), p => (decimal)p!["input_per_million_usd"]! == 1m);

        var usage = await silo.Admin.GetFromJsonAsync<JsonObject>($"admin/tenants/{tenant}/usage?group_by=model");
        var row = Assert.Single(usage!["rows"]!.AsArray());
        Assert.Equal("demo-8b", (string)row!["group"]!);
        Assert.Equal(10, (long)row["requests"]!);
        Assert.Equal(rows.Sum(r => r.Cost) / 1_000_000m, (decimal)row["cost_usd"]!);
        Assert.Equal(rows.Sum(r => (long)r.Completion), (long)row["completion_tokens"]!);

        var csv = await silo.Admin.GetStringAsync($"admin/tenants/{tenant}/usage?group_by=day&format=csv");
        Assert.StartsWith("group,requests,prompt_tokens,completion_tokens,cost_usd,errors,p50_ttft_ms,p95_ttft_ms", csv, StringComparison.Ordinal);
        Assert.Contains(",10,", csv, StringComparison.Ordinal);

        // A tenant admin sees its own tenant and not another's (404), and not the cross-tenant view (403).
        var (otherTenant, otherAdmin) = await CreateTenantWithKeyAsync(silo, "other", role: "tenant_admin");
        using var other = silo.Http(otherAdmin);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"admin/tenants/{tenant}/usage")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync($"admin/tenants/{otherTenant}/usage")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await other.GetAsync("admin/usage")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await other.PutAsJsonAsync("admin/models/demo-8b/pricing", new JsonObject { ["input_per_million_usd"] = 0, ["output_per_million_usd"] = 0 })).StatusCode);
        var all = await silo.Admin.GetFromJsonAsync<JsonObject>("admin/usage?group_by=key");
        Assert.Equal(10, all!["rows"]!.AsArray().Sum(r => (long)r!["requests"]!));
    }

    [Fact]
    public async Task PostgresStoppedDuringLoadThroughTheSiloLosesNoEventAndDoublesNone()
    {
        Assert.True(postgres.CanControlServer, "The fixture must control the server.");
        await using var nodes = await SimNodes.StartAsync(1, timeScale: 10);
        var database = await postgres.CreateDatabaseAsync();
        await using var silo = LedgerSilo.Start(database, nodes.Urls);
        var (_, key) = await CreateTenantWithKeyAsync(silo, "outage");
        var chat = Client(silo, key).GetChatClient("demo-8b");
        async Task SendAsync(int count)
        {
            for (var i = 0; i < count; i++)
            {
                await chat.CompleteChatAsync([new UserChatMessage($"load {i}")], new ChatCompletionOptions { MaxOutputTokenCount = 6 });
            }
        }

        await SendAsync(20);
        await postgres.StopServerAsync();
        try
        {
            await SendAsync(20);
        }
        finally
        {
            await postgres.StartServerAsync();
        }

        await SendAsync(20);
        var published = await SettleAsync(silo);
        var rows = await LedgerRowsAsync(database);
        Assert.Equal(60, published.Count);
        Assert.Equal(published.Select(e => e.EventId).Order(), rows.Select(r => r.EventId).Order());
    }

    [Fact]
    public async Task EmbeddedSqliteSiloBillsEveryAttemptAndTheUsageApiCountsThem()
    {
        await using var nodes = await SimNodes.StartAsync(1, timeScale: 10);
        await using var silo = LedgerSilo.Start(postgres: null, nodes.Urls);
        var (tenant, key) = await CreateTenantWithKeyAsync(silo, "embedded");
        var chat = Client(silo, key).GetChatClient("demo-8b");
        long completion = 0;
        for (var i = 0; i < 12; i++)
        {
            var result = await chat.CompleteChatAsync([new UserChatMessage($"embedded {i}")], new ChatCompletionOptions { MaxOutputTokenCount = 5 + i });
            completion += result.Value.Usage.OutputTokenCount;
        }

        var published = await SettleAsync(silo);
        Assert.Equal(12, published.Count);
        var usage = await silo.Admin.GetFromJsonAsync<JsonObject>($"admin/tenants/{tenant}/usage");
        var row = Assert.Single(usage!["rows"]!.AsArray());
        Assert.Equal(12, (long)row!["requests"]!);
        Assert.Equal(completion, (long)row["completion_tokens"]!);
        Assert.Equal(published.Sum(e => e.CostMicros) / 1_000_000m, (decimal)row["cost_usd"]!);
    }

    private static OpenAIClient Client(LedgerSilo silo, string key) =>
        new(new ApiKeyCredential(key), new OpenAIClientOptions { Endpoint = new Uri(silo.BaseUrl, "v1"), NetworkTimeout = TimeSpan.FromSeconds(60) });

    private static async Task<(Guid Tenant, string Key)> CreateTenantWithKeyAsync(LedgerSilo silo, string name, string role = "user")
    {
        using var tenantResponse = await silo.Admin.PostAsJsonAsync("admin/tenants", new JsonObject { ["name"] = $"{name}-{Guid.NewGuid():N}" });
        tenantResponse.EnsureSuccessStatusCode();
        var tenant = Guid.Parse((string)(await tenantResponse.Content.ReadFromJsonAsync<JsonObject>())!["id"]!);
        using var keyResponse = await silo.Admin.PostAsJsonAsync($"admin/tenants/{tenant}/keys", new JsonObject { ["name"] = "k", ["role"] = role });
        keyResponse.EnsureSuccessStatusCode();
        return (tenant, (string)(await keyResponse.Content.ReadFromJsonAsync<JsonObject>())!["key"]!);
    }

    /// <summary>Waits until the data plane stops publishing and the ledger has written everything; returns what was published.</summary>
    private static async Task<IReadOnlyList<UsageEvent>> SettleAsync(LedgerSilo silo)
    {
        using var cts = new CancellationTokenSource(Patience);
        var recent = silo.Services.GetRequiredService<RecentUsageSink>();
        var count = -1;
        while (recent.Snapshot().Count != count)
        {
            count = recent.Snapshot().Count;
            await Task.Delay(300, cts.Token);
        }

        await silo.Billing.DrainAsync(cts.Token);
        return recent.Snapshot();
    }

    private static async Task<List<LedgerRow>> LedgerRowsAsync(string database)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT event_id, status, prompt_tokens, completion_tokens, cost_micros, ts FROM usage_events", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<LedgerRow>();
        while (await reader.ReadAsync())
        {
            var status = reader.GetString(1) switch
            {
                "success" => UsageStatus.Success,
                "upstream_error" => UsageStatus.UpstreamError,
                "timeout" => UsageStatus.Timeout,
                "client_disconnect" => UsageStatus.ClientDisconnect,
                var other => throw new InvalidDataException(other),
            };
            rows.Add(new LedgerRow(reader.GetGuid(0), status, reader.GetInt32(2), reader.GetInt32(3), reader.GetInt64(4), reader.GetFieldValue<DateTimeOffset>(5)));
        }

        return rows;
    }

    private sealed record LedgerRow(Guid EventId, UsageStatus Status, int Prompt, int Completion, long Cost, DateTimeOffset Timestamp);
}
