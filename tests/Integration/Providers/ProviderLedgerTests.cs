using System.Net;
using System.Net.Http.Json;
using GatoLink.Integration.Tests.Infrastructure;
using GatoLink.Integration.Tests.Placement;
using Npgsql;

namespace GatoLink.Integration.Tests.Providers;

/// <summary>The ledger (PostgreSQL) names the provider that served an attempt and what the provider charged for it.</summary>
[Collection(PostgresCollection.Name)]
public sealed class ProviderLedgerTests
{
    private readonly PostgresFixture _pg;

    public ProviderLedgerTests(PostgresFixture pg) => _pg = pg;

    [Fact]
    public async Task TheLedgerRowNamesTheProviderAndItsCostBesideTheTenantsBill()
    {
        var database = await _pg.CreateDatabaseAsync();
        await using var grid = await ProviderGrid.StartAsync(1, postgres: database);
        await grid.SetPolicyAsync("on_error", "provider-1");
        grid.Own.Engine.Faults = new NodeSim.SimFaults { FailRate = 1, FailStatus = 503 };
        using var http = grid.Silo.Http(await grid.Silo.CreateUserKeyAsync());

        using var answer = await http.PostAsJsonAsync("v1/chat/completions", ProviderGrid.Chat(5));
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        var requestId = answer.Headers.GetValues("X-Request-Id").Single();

        var rows = await Wait.UntilAsync(() => RowsAsync(database, requestId), r => r.Count == 2, TimeSpan.FromSeconds(30));
        var own = rows.Single(r => r.Node == "node-1");
        var provider = rows.Single(r => r.Node == "provider-1");
        Assert.Equal(("upstream_error", 0L), (own.Status, own.ProviderCost));
        Assert.Equal("success", provider.Status);
        Assert.Equal(5, provider.Completion);
        // 3 USD per million prompt tokens and 15 per million completion tokens, in integer micro-USD.
        Assert.Equal((provider.Prompt * 3) + (provider.Completion * 15), provider.ProviderCost);
        // The tenant is billed at the model's price (1 and 2 USD per million in the test silo), not the provider's.
        Assert.Equal(provider.Prompt + (provider.Completion * 2), provider.Cost);
    }

    private static async Task<List<Row>> RowsAsync(string database, string requestId)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT node_id, status, prompt_tokens, completion_tokens, cost_micros, provider_cost_micros FROM usage_events WHERE request_id = @id", connection);
        command.Parameters.AddWithValue("id", requestId);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<Row>();
        while (await reader.ReadAsync())
        {
            rows.Add(new Row(reader.GetString(0), reader.GetString(1), reader.GetInt32(2), reader.GetInt32(3), reader.GetInt64(4), reader.GetInt64(5)));
        }

        return rows;
    }

    private sealed record Row(string Node, string Status, long Prompt, long Completion, long Cost, long ProviderCost);
}
