using GatoLink.Integration.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace GatoLink.Integration.Tests.Identity;

/// <summary>
/// A silo that accepts the access tokens of <see cref="Provider"/> (system admins by group, tenant admins by a
/// <c>tenant</c> claim), two tenants, a second provider the silo does not trust, and a token the trusted provider
/// issued two hours ago (expired an hour ago).
/// </summary>
public sealed class OidcAdminFixture : IAsyncLifetime
{
    /// <summary>The group that makes a system admin.</summary>
    public const string AdminGroup = "gatolink-admins";

    private readonly string _suffix = Guid.NewGuid().ToString("N")[..8];

    /// <summary>The provider the silo trusts.</summary>
    public OidcProvider Provider { get; private set; } = null!;

    /// <summary>A provider the silo does not trust, with the same users.</summary>
    public OidcProvider Foreign { get; private set; } = null!;

    /// <summary>The silo.</summary>
    public SiloHarness Silo { get; private set; } = null!;

    /// <summary>The tenant whose admin is <c>bob</c>.</summary>
    public (Guid Id, string Name) Acme { get; private set; }

    /// <summary>A tenant bob must not see.</summary>
    public (Guid Id, string Name) Other { get; private set; }

    /// <summary>alice's token, issued by <see cref="Provider"/> two hours before the tests run.</summary>
    public string ExpiredToken { get; private set; } = "";

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        var clock = new FakeTimeProvider(TimeProvider.System.GetUtcNow() - TimeSpan.FromHours(2));
        Provider = await OidcProvider.StartAsync(clock);
        Foreign = await OidcProvider.StartAsync(TimeProvider.System);
        Acme = (Guid.Empty, "acme-" + _suffix);
        Other = (Guid.Empty, "other-" + _suffix);
        foreach (var provider in new[] { Provider, Foreign })
        {
            provider.AddUser("alice", "sub-alice", "Alice Admin", ("groups", "staff"), ("groups", AdminGroup));
            provider.AddUser("bob", "sub-bob", "Bob Tenant", ("tenant", Acme.Name));
            provider.AddUser("carol", "sub-carol", "Carol Nobody", ("groups", "staff"));
            provider.AddUser("dave", "sub-dave", "Dave Nowhere", ("tenant", "no-such-tenant-" + _suffix));
            provider.AddUser("erin", "sub-erin", "Erin Both", ("tenant", Acme.Name), ("tenant", Other.Name));
        }

        ExpiredToken = await Provider.TokenAsync("alice");
        clock.SetUtcNow(TimeProvider.System.GetUtcNow());

        Silo = await SiloHarness.StartAsync(settings: new Dictionary<string, string?>
        {
            ["GatoLink:Oidc:Authority"] = Provider.Issuer.ToString(),
            ["GatoLink:Oidc:RequireHttpsMetadata"] = "false",
            ["GatoLink:Oidc:Rules:0:Claim"] = "groups",
            ["GatoLink:Oidc:Rules:0:Value"] = AdminGroup,
            ["GatoLink:Oidc:Rules:0:Role"] = "SystemAdmin",
            ["GatoLink:Oidc:Rules:1:Claim"] = "tenant",
            ["GatoLink:Oidc:Rules:1:Role"] = "TenantAdmin",
        });
        Acme = (await Silo.CreateTenantAsync(Acme.Name), Acme.Name);
        Other = (await Silo.CreateTenantAsync(Other.Name), Other.Name);
    }

    /// <summary>A client sending <paramref name="token"/> as Bearer.</summary>
    public HttpClient As(string token) => Silo.Http(token);

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        await Silo.DisposeAsync();
        await Foreign.DisposeAsync();
        await Provider.DisposeAsync();
    }
}
