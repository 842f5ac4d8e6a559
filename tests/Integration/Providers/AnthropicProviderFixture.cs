using System.Net.Http.Json;
using GatoLink.Integration.Tests.Infrastructure;
using GatoLink.NodeSim;

namespace GatoLink.Integration.Tests.Providers;

/// <summary>
/// One silo whose only node is an <c>anthropic</c> provider: NodeSim in Anthropic mode, demanding its own key, which
/// the node was registered with through the admin API (stored encrypted, sent as <c>x-api-key</c>).
/// </summary>
public sealed class AnthropicProviderFixture : IAsyncLifetime
{
    /// <summary>The provider's key, known to the simulator and to the node record only.</summary>
    public const string ProviderKey = "sk-ant-provider-secret-42";

    /// <summary>The node's id.</summary>
    public const string NodeId = "claude-1";

    /// <summary>The Anthropic-shaped provider.</summary>
    public NodeSimServer Provider { get; private set; } = null!;

    /// <summary>The silo.</summary>
    public SiloHarness Silo { get; private set; } = null!;

    /// <summary>A user key of a fresh tenant.</summary>
    public string UserKey { get; private set; } = "";

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        Provider = await StartProviderAsync();
        Silo = await SiloHarness.StartAsync();
        await RegisterAsync(Silo, NodeId, Provider);
        UserKey = await Silo.CreateUserKeyAsync();
    }

    /// <summary>An Anthropic-mode NodeSim serving <c>demo-8b</c> behind <see cref="ProviderKey"/>.</summary>
    public static Task<NodeSimServer> StartProviderAsync(Action<NodeSimOptions>? tweak = null)
    {
        var options = NodeSimOptions.FromProfile("instant");
        options.Api = NodeSimApi.Anthropic;
        options.ApiKey = ProviderKey;
        options.Models = ["demo-8b"];
        tweak?.Invoke(options);
        return NodeSimServer.StartAsync(options);
    }

    /// <summary>Registers <paramref name="provider"/> as an <c>anthropic</c> node with its key.</summary>
    public static async Task RegisterAsync(SiloHarness silo, string id, NodeSimServer provider)
    {
        using var response = await silo.Admin.PostAsJsonAsync("admin/nodes", new
        {
            id,
            base_url = provider.BaseUrl.ToString(),
            engine = "anthropic",
            models = new[] { "demo-8b" },
            api_key = ProviderKey,
        });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        await Silo.DisposeAsync();
        await Provider.DisposeAsync();
    }
}
