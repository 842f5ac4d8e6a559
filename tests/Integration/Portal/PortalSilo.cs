using System.Net.Http.Json;
using System.Text.Json.Nodes;
using GatoLink.Integration.Tests.Infrastructure;

namespace GatoLink.Integration.Tests.Portal;

/// <summary>A real silo (SQLite) with two NodeSim nodes, shared by the portal's browser tests.</summary>
public sealed class PortalSilo : IAsyncLifetime
{
    /// <summary>The nodes.</summary>
    public SimNodes Nodes { get; private set; } = null!;

    /// <summary>The silo.</summary>
    public SiloHarness Silo { get; private set; } = null!;

    /// <summary>The portal's address on the silo.</summary>
    public string PortalUrl => new Uri(Silo.BaseUrl, "portal/").ToString();

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        Nodes = await SimNodes.StartAsync(2, profile: "instant", timeScale: 1);
        Silo = await SiloHarness.StartAsync(Nodes.Urls);
    }

    /// <summary>A new tenant with a tenant-admin key: (tenant id, its name, admin secret).</summary>
    public async Task<(Guid TenantId, string Name, string AdminSecret)> CreateTenantWithAdminAsync(string prefix, object? limits = null)
    {
        var name = $"{prefix}-{Guid.NewGuid().ToString("N")[..6]}";
        var tenant = await Silo.CreateTenantAsync(name, limits);
        var (_, secret) = await Silo.CreateKeyAsync(tenant, new { name = $"{prefix}-admin", role = "tenant_admin" });
        return (tenant, name, secret);
    }

    /// <summary>Requests the ledger has for a key, through the admin API.</summary>
    public async Task<long> LedgerRequestsAsync(Guid keyId)
    {
        var report = await Silo.Admin.GetFromJsonAsync<JsonObject>($"admin/keys/{keyId}/usage?group_by=day");
        return report!["rows"]!.AsArray().Sum(r => (long)r!["requests"]!);
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        await Silo.DisposeAsync();
        await Nodes.DisposeAsync();
    }
}
