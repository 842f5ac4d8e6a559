using GatoLink.Integration.Tests.Infrastructure;

namespace GatoLink.Integration.Tests.Admin;

/// <summary>One embedded (SQLite) silo with a tenant and a user key to aim admin requests at.</summary>
public sealed class AdminSiloFixture : IAsyncLifetime
{
    /// <summary>The silo.</summary>
    public SiloHarness Silo { get; private set; } = null!;

    /// <summary>A tenant that exists.</summary>
    public Guid Tenant { get; private set; }

    /// <summary>A key of <see cref="Tenant"/>.</summary>
    public Guid Key { get; private set; }

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        Silo = await SiloHarness.StartAsync();
        Tenant = await Silo.CreateTenantAsync("validation-" + Guid.NewGuid().ToString("N")[..8]);
        (Key, _) = await Silo.CreateKeyAsync(Tenant);
    }

    /// <inheritdoc />
    public async Task DisposeAsync() => await Silo.DisposeAsync();
}
