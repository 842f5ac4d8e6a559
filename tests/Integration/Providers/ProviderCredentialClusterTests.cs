using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using GatoLink.Integration.Tests.Infrastructure;
using GatoLink.Integration.Tests.Placement;
using GatoLink.NodeSim;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GatoLink.Integration.Tests.Providers;

/// <summary>
/// A provider's decrypted API key leaves every silo's memory when its node is deleted or given another key: two silos on
/// one PostgreSQL database, the key used (so held in clear) on the silo that did not make the change.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ProviderCredentialClusterTests(PostgresFixture postgres)
{
    private const int DroppedEvent = 1111;

    [Fact]
    public async Task ADeletedOrReKeyedProviderNodesKeyIsDroppedOnTheOtherSilo()
    {
        await using var own = await SimNodes.StartAsync(1, "instant");
        own.Servers[0].Engine.Faults = new SimFaults { FailRate = 1, FailStatus = 500 };
        var providerOptions = NodeSimOptions.FromProfile("instant");
        providerOptions.ApiKey = ProviderGrid.KeyOf(0);
        await using var provider = await NodeSimServer.StartAsync(providerOptions, "http://127.0.0.1:0");
        var database = await postgres.CreateDatabaseAsync();
        var adminKey = GatoLink.PerSilo.Keys.ApiKeySecrets.NewSecret();
        var logsOnB = new LogCapture(LogLevel.Information);
        var settings = new Dictionary<string, string?> { ["Logging:LogLevel:GatoLink.Gateway.Providers"] = "Information" };
        await using var a = await SiloHarness.StartAsync(own.Urls, settings, database, adminKey);
        await using var b = await SiloHarness.StartAsync(own.Urls, settings, database, adminKey, configureServices: s => s.AddSingleton<ILoggerProvider>(logsOnB));
        using (var added = await a.Admin.PostAsJsonAsync("admin/nodes", ProviderGrid.ProviderBody(0, provider.BaseUrl)))
        {
            added.EnsureSuccessStatusCode();
        }

        using (var policy = await a.Admin.PutAsJsonAsync("admin/models/demo-8b/overflow", new JsonObject { ["overflow"] = "on_error", ["fallback"] = new JsonArray("provider-1") }))
        {
            policy.EnsureSuccessStatusCode();
        }

        using var onB = b.Http(await a.CreateUserKeyAsync());
        bool Dropped(string change) => logsOnB.Lines.Any(l => l.EventId == DroppedEvent && l.Message.Contains("provider-1", StringComparison.Ordinal) && l.Message.EndsWith(change, StringComparison.Ordinal));

        // B learns of the provider through the registry, then uses (so decrypts) its key.
        await Wait.UntilAsync(async () => await onB.PostAsJsonAsync("v1/chat/completions", ProviderGrid.Chat(3)), r => r.StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(20));
        Assert.False(Dropped("given another key"));
        using (var rekeyed = await a.Admin.PatchAsJsonAsync("admin/nodes/provider-1", new JsonObject { ["api_key"] = "sk-another-key-0000" }))
        {
            rekeyed.EnsureSuccessStatusCode();
        }

        await Wait.UntilAsync(() => Dropped("given another key"), TimeSpan.FromSeconds(10));
        using (var back = await a.Admin.PatchAsJsonAsync("admin/nodes/provider-1", new JsonObject { ["api_key"] = ProviderGrid.KeyOf(0) }))
        {
            back.EnsureSuccessStatusCode();
        }

        await Wait.UntilAsync(async () => await onB.PostAsJsonAsync("v1/chat/completions", ProviderGrid.Chat(3)), r => r.StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(20));
        Assert.False(Dropped("deleted"));
        using (var policy = await a.Admin.PutAsJsonAsync("admin/models/demo-8b/overflow", new JsonObject { ["overflow"] = "never", ["fallback"] = new JsonArray() }))
        {
            policy.EnsureSuccessStatusCode();
        }

        using (var deleted = await a.Admin.DeleteAsync("admin/nodes/provider-1"))
        {
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        }

        await Wait.UntilAsync(() => Dropped("deleted"), TimeSpan.FromSeconds(10));
        Assert.All(logsOnB.Lines, l => Assert.DoesNotContain(ProviderGrid.KeyOf(0), l.Message, StringComparison.Ordinal));
    }
}
