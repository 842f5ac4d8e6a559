using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using GatoLink.Integration.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace GatoLink.Integration.Tests.Providers;

/// <summary>A provider's API key: encrypted at rest, used upstream, never in an answer, a log line or an audit row.</summary>
public sealed class ProviderSecretTests
{
    [Fact]
    public async Task TheKeyReachesTheProviderButNoAnswerLogLineOrAuditRowAndIsStoredEncrypted()
    {
        var logs = new LogCapture(LogLevel.Trace);
        await using var grid = await ProviderGrid.StartAsync(1, settings: new Dictionary<string, string?>
        {
            ["Logging:LogLevel:Default"] = "Trace",
            ["Logging:LogLevel:Orleans"] = "Information",
        }, logs: logs);
        await grid.SetPolicyAsync("on_error", "provider-1");
        grid.Own.Engine.Faults = new NodeSim.SimFaults { FailRate = 1, FailStatus = 500 };
        var answers = new List<string>();
        using var http = grid.Silo.Http(await grid.Silo.CreateUserKeyAsync());

        answers.Add(await Text(await http.PostAsJsonAsync("v1/chat/completions", ProviderGrid.Chat(3))));
        answers.Add(await Text(await grid.Silo.Admin.GetAsync("admin/nodes")));
        var shown = await Text(await grid.Silo.Admin.GetAsync("admin/nodes/provider-1"));
        answers.Add(shown);
        // A new key, then the right one back: each takes effect at once on the data plane.
        answers.Add(await Text(await grid.Silo.Admin.PatchAsJsonAsync("admin/nodes/provider-1", new JsonObject { ["api_key"] = "sk-wrong-key-0000" })));
        using (var refused = await http.PostAsJsonAsync("v1/chat/completions", ProviderGrid.Chat(3)))
        {
            answers.Add(await refused.Content.ReadAsStringAsync());
            Assert.NotEqual(HttpStatusCode.OK, refused.StatusCode);
        }

        answers.Add(await Text(await grid.Silo.Admin.PatchAsJsonAsync("admin/nodes/provider-1", new JsonObject { ["api_key"] = ProviderGrid.KeyOf(0) })));
        answers.Add(await Text(await http.PostAsJsonAsync("v1/chat/completions", ProviderGrid.Chat(3))));
        var audit = await Text(await grid.Silo.Admin.GetAsync("admin/audit"));
        answers.Add(audit);

        var node = JsonNode.Parse(shown)!;
        Assert.True((bool)node["has_credential"]!);
        Assert.True((bool)node["external"]!);
        Assert.Contains("node.update", audit, StringComparison.Ordinal);
        Assert.Contains("model.overflow", audit, StringComparison.Ordinal);
        // Two good requests reached the provider with the key, one was refused with the wrong one.
        Assert.Equal(2, grid.Providers[0].Engine.RequestsCompleted);

        var stored = await StoredCredentialAsync(grid.Silo);
        Assert.False(string.IsNullOrEmpty(stored));
        foreach (var secret in new[] { ProviderGrid.KeyOf(0), "sk-wrong-key-0000", stored! })
        {
            Assert.All(answers, a => Assert.DoesNotContain(secret, a, StringComparison.Ordinal));
            Assert.All(logs.Lines, l => Assert.DoesNotContain(secret, l.Message + l.Exception, StringComparison.Ordinal));
        }

        Assert.DoesNotContain(ProviderGrid.KeyOf(0), stored!, StringComparison.Ordinal);
        Assert.Contains(logs.Lines, l => l.Level < LogLevel.Warning); // the capture saw the debug lines too
    }

    [Theory]
    [InlineData("""{"overflow":"sometimes","fallback":["provider-1"]}""", "overflow")]
    [InlineData("""{"fallback":["provider-1"]}""", "overflow")]
    [InlineData("""{"overflow":"on_error","fallback":[]}""", "fallback")]
    [InlineData("""{"overflow":"on_error","fallback":["provider-1","provider-1"]}""", "fallback[1]")]
    [InlineData("""{"overflow":"on_error","fallback":["provider-1","nowhere"]}""", "fallback[1]")]
    [InlineData("""{"overflow":"when_saturated","fallback":["node-1"]}""", "fallback[0]")]
    [InlineData("""{"overflow":"on_error","fallback":"provider-1"}""", "fallback")]
    public async Task ABadPolicyIs400NamingTheField(string body, string field)
    {
        await using var grid = await ProviderGrid.StartAsync(1);

        using var answer = await grid.Silo.Admin.PutAsync("admin/models/demo-8b/overflow", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        await AssertBadFieldAsync(answer, field);
        using var unchanged = await grid.Silo.Admin.GetAsync("admin/models/demo-8b/overflow");
        Assert.Equal("never", (string?)(await unchanged.Content.ReadFromJsonAsync<JsonObject>())!["overflow"]);
    }

    [Theory]
    [InlineData("""{"api_key":"has space"}""", "api_key")]
    [InlineData("""{"api_key":""}""", "api_key")]
    [InlineData("""{"external":true,"models":[]}""", "models")]
    [InlineData("""{"prices":[{"model":"demo-8b","input_per_million_usd":-1,"output_per_million_usd":1}]}""", "prices[0].input_per_million_usd")]
    [InlineData("""{"prices":[{"model":"demo-8b","input_per_million_usd":1}]}""", "prices[0].output_per_million_usd")]
    [InlineData("""{"engine":"bedrock"}""", "engine")]
    public async Task ABadProviderNodeIs400NamingTheFieldAndNeverEchoesTheKey(string fields, string field)
    {
        await using var grid = await ProviderGrid.StartAsync(0);
        var body = JsonNode.Parse("""{"id":"p","base_url":"http://127.0.0.1:9","engine":"openai","external":true,"models":["demo-8b"]}""")!.AsObject();
        foreach (var (name, value) in JsonNode.Parse(fields)!.AsObject())
        {
            body[name] = value?.DeepClone();
        }

        using var answer = await grid.Silo.Admin.PostAsJsonAsync("admin/nodes", body);

        var text = await AssertBadFieldAsync(answer, field);
        Assert.DoesNotContain("has space", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ABadTenantSettingIs400NamingTheField()
    {
        await using var grid = await ProviderGrid.StartAsync(0);
        var tenant = await grid.Silo.CreateTenantAsync("t");

        using var answer = await grid.Silo.Admin.PatchAsJsonAsync($"admin/tenants/{tenant}", new JsonObject { ["external_overflow"] = "maybe" });

        await AssertBadFieldAsync(answer, "external_overflow");
    }

    private static async Task<string> AssertBadFieldAsync(HttpResponseMessage answer, string field)
    {
        var text = await answer.Content.ReadAsStringAsync();
        Assert.True(answer.StatusCode == HttpStatusCode.BadRequest, $"{(int)answer.StatusCode}: {text}");
        Assert.Equal(field, (string?)JsonNode.Parse(text)!["error"]!["param"]);
        return text;
    }

    private static async Task<string> Text(HttpResponseMessage response)
    {
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {text}");
            return text;
        }
    }

    private static async Task<string?> StoredCredentialAsync(SiloHarness silo)
    {
        var database = Path.Combine(silo.DataDirectory, "gatolink.db");
        var builder = new SqliteConnectionStringBuilder { DataSource = database, Mode = SqliteOpenMode.ReadOnly, Pooling = false };
        await using var connection = new SqliteConnection(builder.ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT credential FROM gpu_nodes WHERE id = 'provider-1'";
        return (string?)await command.ExecuteScalarAsync();
    }
}
