using System.Net.Http.Json;
using System.Text.Json.Nodes;
using GatoLink.Integration.Tests.Infrastructure;
using GatoLink.NodeSim;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GatoLink.Integration.Tests.Providers;

/// <summary>
/// One own node (<c>node-1</c>, from configuration) and external providers (NodeSim with vLLM's <c>--api-key</c>, each
/// with its own key) registered through the admin API as <c>openai</c> nodes, with the silo in front.
/// </summary>
internal sealed class ProviderGrid : IAsyncDisposable
{
    /// <summary>A provider's price of demo-8b: USD per million prompt and completion tokens.</summary>
    public const decimal InputUsd = 3m, OutputUsd = 15m;

    private ProviderGrid(SimNodes own, IReadOnlyList<NodeSimServer> providers, SiloHarness silo)
    {
        Own = own.Servers[0];
        OwnNodes = own;
        Providers = providers;
        Silo = silo;
    }

    public NodeSimServer Own { get; }

    public SimNodes OwnNodes { get; }

    public IReadOnlyList<NodeSimServer> Providers { get; }

    public SiloHarness Silo { get; }

    /// <summary>The API key provider <paramref name="i"/> (0-based, node id <c>provider-{i+1}</c>) demands.</summary>
    public static string KeyOf(int i) => $"sk-provider-{i + 1}-0123456789abcdef";

    public static async Task<ProviderGrid> StartAsync(int providers, string ownProfile = "instant", Action<NodeSimOptions>? own = null,
        IReadOnlyDictionary<string, string?>? settings = null, string? postgres = null, LogCapture? logs = null)
    {
        var ownNodes = await SimNodes.StartAsync(1, ownProfile, timeScale: ownProfile == "instant" ? 10 : 1, own);
        var sims = new List<NodeSimServer>();
        for (var i = 0; i < providers; i++)
        {
            var options = NodeSimOptions.FromProfile("instant");
            options.ApiKey = KeyOf(i);
            options.Seed = 100 + i;
            sims.Add(await NodeSimServer.StartAsync(options, "http://127.0.0.1:0"));
        }

        var silo = await SiloHarness.StartAsync(ownNodes.Urls, settings, postgres,
            configureServices: logs is null ? null : s => s.AddSingleton<ILoggerProvider>(logs));
        var grid = new ProviderGrid(ownNodes, sims, silo);
        for (var i = 0; i < providers; i++)
        {
            using var added = await silo.Admin.PostAsJsonAsync("admin/nodes", ProviderBody(i, sims[i].BaseUrl));
            added.EnsureSuccessStatusCode();
        }

        return grid;
    }

    /// <summary>The registration of provider <paramref name="i"/>.</summary>
    public static JsonObject ProviderBody(int i, Uri baseUrl) => new()
    {
        ["id"] = $"provider-{i + 1}",
        ["base_url"] = baseUrl.ToString(),
        ["engine"] = "openai",
        ["external"] = true,
        ["models"] = new JsonArray("demo-8b"),
        ["api_key"] = KeyOf(i),
        ["prices"] = new JsonArray(new JsonObject { ["model"] = "demo-8b", ["input_per_million_usd"] = InputUsd, ["output_per_million_usd"] = OutputUsd }),
    };

    /// <summary>Sets demo-8b's overflow policy and chain.</summary>
    public async Task SetPolicyAsync(string overflow, params string[] chain)
    {
        using var set = await Silo.Admin.PutAsJsonAsync("admin/models/demo-8b/overflow", new JsonObject
        {
            ["overflow"] = overflow,
            ["fallback"] = new JsonArray([.. chain.Select(c => JsonValue.Create(c))]),
        });
        set.EnsureSuccessStatusCode();
    }

    /// <summary>A chat body for demo-8b.</summary>
    public static JsonObject Chat(int maxTokens, string content = "hello") => new()
    {
        ["model"] = "demo-8b",
        ["max_tokens"] = maxTokens,
        ["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = content }),
    };

    public async ValueTask DisposeAsync()
    {
        await Silo.DisposeAsync();
        foreach (var provider in Providers)
        {
            await provider.DisposeAsync();
        }

        await OwnNodes.DisposeAsync();
    }
}
