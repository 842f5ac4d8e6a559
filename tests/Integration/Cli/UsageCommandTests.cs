using System.Net.Http.Json;
using System.Text.Json.Nodes;
using GatoLink.Cli.Hosting;
using OpenAI.Chat;

namespace GatoLink.Integration.Tests.Cli;

[Collection(CliCollection.Name)]
public sealed class UsageCommandTests(CliSiloFixture fixture) : IAsyncLifetime
{
    private const int Requests = 3;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private Guid _tenant;
    private Guid _key;
    private string _day = "";

    /// <summary>A tenant with a key that made <see cref="Requests"/> requests, visible in the usage API.</summary>
    public async Task InitializeAsync()
    {
        _tenant = await fixture.Silo.CreateTenantAsync("usage-" + Guid.NewGuid().ToString("N")[..6]);
        var (key, secret) = await fixture.Silo.CreateKeyAsync(_tenant, new { name = "usage" });
        _key = key;
        var chat = fixture.Silo.OpenAi(secret).GetChatClient("demo-8b");
        for (var i = 0; i < Requests; i++)
        {
            await chat.CompleteChatAsync([new UserChatMessage($"hello {i}")], new ChatCompletionOptions { MaxOutputTokenCount = 8 });
        }

        // The ledger writes in the background: wait (bounded) until the API counts every request, so the CLI and
        // the API below read the same, settled rows.
        using var deadline = new CancellationTokenSource(Patience);
        while (await RequestsAsync() < Requests)
        {
            await Task.Delay(100, deadline.Token);
        }

        // The UTC day the ledger filed them under (read back, so a run across midnight cannot disagree).
        var byDay = await fixture.Silo.Admin.GetFromJsonAsync<JsonObject>($"admin/tenants/{_tenant}/usage?group_by=day");
        _day = (string)byDay!["rows"]!.AsArray().Last()!["group"]!;
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task CsvIsExactlyTheApisCsv()
    {
        foreach (var groupBy in new[] { "day", "model", "key" })
        {
            var api = await fixture.Silo.Admin.GetStringAsync($"admin/tenants/{_tenant}/usage?group_by={groupBy}&format=csv");

            var run = (await fixture.RunAsync("usage", "--tenant", _tenant.ToString(), "--group-by", groupBy, "--format", "csv")).Succeeded();

            Assert.Equal(api, run.Stdout);
            Assert.Equal(string.Empty, run.Stderr);
        }
    }

    [Fact]
    public async Task CsvForAKeyAndADateRangeIsExactlyTheApisCsv()
    {
        var api = await fixture.Silo.Admin.GetStringAsync($"admin/keys/{_key}/usage?group_by=model&from={_day}&to={_day}&format=csv");

        var run = (await fixture.RunAsync("usage", "--key-id", _key.ToString(), "--from", _day, "--to", _day, "--group-by", "model", "--format", "csv")).Succeeded();

        Assert.Equal(api, run.Stdout);
        Assert.Contains($"demo-8b,{Requests},", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task JsonIsTheApisReportWithItsFieldNames()
    {
        var api = await fixture.Silo.Admin.GetFromJsonAsync<JsonObject>($"admin/tenants/{_tenant}/usage?group_by=model");

        var viaFormat = (await fixture.RunAsync("usage", "--tenant", _tenant.ToString(), "--group-by", "model", "--format", "json")).Succeeded().Json;
        var viaOutput = (await fixture.RunAsync("usage", "--tenant", _tenant.ToString(), "--group-by", "model", "-o", "json")).Succeeded().Json;

        Assert.True(JsonNode.DeepEquals(api, viaFormat));
        Assert.True(JsonNode.DeepEquals(api, viaOutput));
        var row = Assert.Single(viaFormat["rows"]!.AsArray());
        Assert.Equal(Requests, (long)row!["requests"]!);
        Assert.NotNull(row["cost_usd"]);
        Assert.NotNull(row["prompt_tokens"]);
    }

    [Fact]
    public async Task ByDayShowsATableAndABarChart()
    {
        var run = (await fixture.RunAsync("usage", "--tenant", _tenant.ToString())).Succeeded();

        Assert.Contains("Requests per day", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("Prompt tokens", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("Total", run.Stdout, StringComparison.Ordinal);
        var bar = Assert.Single(run.Stdout.Split('\n'), l => l.StartsWith(_day, StringComparison.Ordinal) && l.Contains('█', StringComparison.Ordinal));
        Assert.EndsWith(" " + Requests, bar.TrimEnd(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ByModelShowsATableWithoutAChart()
    {
        var run = (await fixture.RunAsync("usage", "--key-id", _key.ToString(), "--group-by", "model", "--chart", "cost")).Succeeded();

        Assert.Contains("demo-8b", run.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("per day", run.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("usage", "--group-by", "hour")]
    [InlineData("usage", "--format", "xml")]
    [InlineData("usage", "--from", "last tuesday")]
    [InlineData("usage", "--format", "csv", "-o", "json")]
    [InlineData("usage", "--tenant", "0b6f3c1e-5d7a-4f0e-9d1c-2a8b7c6d5e4f", "--key-id", "0b6f3c1e-5d7a-4f0e-9d1c-2a8b7c6d5e4f")]
    public async Task BadCommandLinesExitTwo(params string[] args) =>
        (await fixture.RunAsync(args)).FailedWith(ExitCodes.Usage);

    [Fact]
    public async Task ARangeTheSiloRefusesExitsOneWithItsMessage()
    {
        var run = await fixture.RunAsync("usage", "--from", "2026-12-31", "--to", "2026-01-01");

        Assert.Contains("'from' must not be after 'to'", run.FailedWith(ExitCodes.Failed), StringComparison.Ordinal);
    }

    private async Task<long> RequestsAsync()
    {
        var report = await fixture.Silo.Admin.GetFromJsonAsync<JsonObject>($"admin/tenants/{_tenant}/usage?group_by=model");
        return report!["rows"]!.AsArray().Sum(r => (long)r!["requests"]!);
    }
}
