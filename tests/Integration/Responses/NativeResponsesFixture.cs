using GatoLink.Grains.Abstractions.Usage;
using GatoLink.Integration.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace GatoLink.Integration.Tests.Responses;

/// <summary>
/// One silo in front of one NodeSim node that serves <c>/v1/responses</c> itself as vLLM does, declared so in
/// configuration (<c>GatoLink:Nodes:0:NativeApis:0 = responses</c>).
/// </summary>
public sealed class NativeResponsesFixture : IAsyncLifetime
{
    /// <summary>The node's configuration setting that declares the Responses API.</summary>
    public static readonly IReadOnlyDictionary<string, string?> Declared = new Dictionary<string, string?> { ["GatoLink:Nodes:0:NativeApis:0"] = "responses" };

    /// <summary>The node.</summary>
    public SimNodes Nodes { get; private set; } = null!;

    /// <summary>The silo.</summary>
    public SiloHarness Silo { get; private set; } = null!;

    /// <summary>A user key of a fresh tenant.</summary>
    public string UserKey { get; private set; } = "";

    /// <summary>The ledger row of a response.</summary>
    public UsageEvent LedgerRowOf(string responseId) => LedgerRowOf(Silo, responseId);

    /// <summary>The ledger row of a response served by <paramref name="silo"/>.</summary>
    public static UsageEvent LedgerRowOf(SiloHarness silo, string responseId) =>
        silo.Services.GetRequiredService<RecentUsageSink>().Snapshot().Single(e => e.RequestId == "req_" + responseId["resp_".Length..]);

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        Nodes = await SimNodes.StartAsync(1, "instant");
        Silo = await SiloHarness.StartAsync(Nodes.Urls, Declared);
        UserKey = await Silo.CreateUserKeyAsync();
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        await Silo.DisposeAsync();
        await Nodes.DisposeAsync();
    }
}
