using GatoLink.Grains.Abstractions.Keys;
using GatoLink.Grains.Abstractions.Storage;
using GatoLink.Integration.Tests.Infrastructure;
using GatoLink.Silo.Storage;

namespace GatoLink.Integration.Tests.Storage;

[Collection(PostgresCollection.Name)]
public sealed class TenantStoreTests(PostgresFixture postgres)
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task CreateGetListUpdateDeleteRoundTrip(StorageKind kind)
    {
        await using var storage = await TestStorage.CreateAsync(kind, postgres);
        var tenants = storage.Provider.Tenants;
        var beta = Samples.Tenant("beta", new Limits(10, 20_000, 3_000_000, 50_000_000, 9_000_000));
        var alpha = Samples.Tenant("alpha");

        await tenants.CreateAsync(beta, None);
        await tenants.CreateAsync(alpha, None);

        Assert.Equal(beta, await tenants.GetAsync(beta.Id, None));
        Assert.Equal([alpha, beta], await tenants.ListAsync(None));

        var changed = beta with { Name = "gamma", Limits = new Limits(RequestsPerMinute: 5), Disabled = true };
        Assert.True(await tenants.UpdateAsync(changed, null, None));
        Assert.Equal(changed, await tenants.GetAsync(beta.Id, None));

        Assert.True(await tenants.DeleteAsync(alpha.Id, None));
        Assert.Null(await tenants.GetAsync(alpha.Id, None));
        Assert.Equal([changed], await tenants.ListAsync(None));
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task UpdateAndDeleteOfMissingTenantReturnFalse(StorageKind kind)
    {
        await using var storage = await TestStorage.CreateAsync(kind, postgres);
        var ghost = Samples.Tenant("ghost");

        Assert.Null(await storage.Provider.Tenants.GetAsync(ghost.Id, None));
        Assert.False(await storage.Provider.Tenants.UpdateAsync(ghost, null, None));
        Assert.False(await storage.Provider.Tenants.DeleteAsync(ghost.Id, None));
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task DuplicateNameOrIdThrowsDuplicateEntity(StorageKind kind)
    {
        await using var storage = await TestStorage.CreateAsync(kind, postgres);
        var tenants = storage.Provider.Tenants;
        var first = Samples.Tenant("acme");
        var other = Samples.Tenant("other");
        await tenants.CreateAsync(first, None);
        await tenants.CreateAsync(other, None);

        var sameName = await Assert.ThrowsAsync<DuplicateEntityException>(() => tenants.CreateAsync(Samples.Tenant("acme"), None));
        Assert.Equal("tenant", sameName.Entity);
        await Assert.ThrowsAsync<DuplicateEntityException>(() => tenants.CreateAsync(first with { Name = "acme2" }, None));
        await Assert.ThrowsAsync<DuplicateEntityException>(() => tenants.UpdateAsync(other with { Name = "acme" }, null, None));
    }
}
