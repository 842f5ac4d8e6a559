using GatoLink.Grains.Abstractions.Keys;
using GatoLink.Grains.Abstractions.Storage;
using GatoLink.Integration.Tests.Infrastructure;
using GatoLink.Silo.Storage;

namespace GatoLink.Integration.Tests.Storage;

[Collection(PostgresCollection.Name)]
public sealed class ApiKeyStoreTests(PostgresFixture postgres)
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task CreatedKeyReadsBackByIdAndByHash(StorageKind kind)
    {
        await using var storage = await TestStorage.CreateAsync(kind, postgres);
        var tenant = Samples.Tenant("acme");
        await storage.Provider.Tenants.CreateAsync(tenant, None);
        var key = Samples.Key(tenant.Id, "sk-gl-first-secret");
        var bare = Samples.Key(tenant.Id, "sk-gl-bare-secret") with
        {
            Role = ApiKeyRole.User,
            ExpiresAt = null,
            Limits = Limits.None,
            AllowedModels = [],
        };

        await storage.Provider.ApiKeys.CreateAsync(key, None);
        await storage.Provider.ApiKeys.CreateAsync(bare, None);

        RecordAssert.Equal(key, await storage.Provider.ApiKeys.GetAsync(key.Id, None));
        RecordAssert.Equal(key, await storage.Provider.ApiKeys.FindByHashAsync(Samples.Hash("sk-gl-first-secret"), None));
        RecordAssert.Equal(bare, await storage.Provider.ApiKeys.FindByHashAsync(Samples.Hash("sk-gl-bare-secret"), None));
        Assert.Null(await storage.Provider.ApiKeys.FindByHashAsync(Samples.Hash("sk-gl-unknown"), None));
        Assert.Null(await storage.Provider.ApiKeys.GetAsync(Guid.NewGuid(), None));
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task ListByTenantReturnsOnlyThatTenantsKeysOldestFirst(StorageKind kind)
    {
        await using var storage = await TestStorage.CreateAsync(kind, postgres);
        var acme = Samples.Tenant("acme");
        var globex = Samples.Tenant("globex");
        await storage.Provider.Tenants.CreateAsync(acme, None);
        await storage.Provider.Tenants.CreateAsync(globex, None);
        var newer = Samples.Key(acme.Id, "sk-gl-acme-newer", Samples.Epoch.AddMinutes(5));
        var older = Samples.Key(acme.Id, "sk-gl-acme-older", Samples.Epoch);
        var theirs = Samples.Key(globex.Id, "sk-gl-globex-one", Samples.Epoch.AddMinutes(1));
        foreach (var key in new[] { newer, older, theirs })
        {
            await storage.Provider.ApiKeys.CreateAsync(key, None);
        }

        var acmeKeys = await storage.Provider.ApiKeys.ListByTenantAsync(acme.Id, None);
        Assert.Equal([older.Id, newer.Id], acmeKeys.Select(k => k.Id));
        RecordAssert.Equal(older, acmeKeys[0]);
        Assert.Equal([older.Id, theirs.Id, newer.Id], (await storage.Provider.ApiKeys.ListAllAsync(None)).Select(k => k.Id));
        Assert.Empty(await storage.Provider.ApiKeys.ListByTenantAsync(Guid.NewGuid(), None));
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task UpdateReplacesStatusAndMutableFields(StorageKind kind)
    {
        await using var storage = await TestStorage.CreateAsync(kind, postgres);
        var tenant = Samples.Tenant("acme");
        await storage.Provider.Tenants.CreateAsync(tenant, None);
        var key = Samples.Key(tenant.Id, "sk-gl-rotating");
        await storage.Provider.ApiKeys.CreateAsync(key, None);

        var revoked = key with { Status = ApiKeyStatus.Revoked };
        Assert.True(await storage.Provider.ApiKeys.UpdateAsync(revoked, None));
        RecordAssert.Equal(revoked, await storage.Provider.ApiKeys.GetAsync(key.Id, None));

        var rotated = revoked with
        {
            Name = "rotated",
            Prefix = "sk-gl-",
            SecretHash = Samples.Hash("sk-gl-rotated"),
            Role = ApiKeyRole.SystemAdmin,
            Status = ApiKeyStatus.Active,
            ExpiresAt = null,
            Limits = new Limits(TokensPerMinute: 1),
            AllowedModels = ["only-this"],
        };
        Assert.True(await storage.Provider.ApiKeys.UpdateAsync(rotated, None));
        RecordAssert.Equal(rotated, await storage.Provider.ApiKeys.FindByHashAsync(Samples.Hash("sk-gl-rotated"), None));
        Assert.Null(await storage.Provider.ApiKeys.FindByHashAsync(Samples.Hash("sk-gl-rotating"), None));

        Assert.False(await storage.Provider.ApiKeys.UpdateAsync(rotated with { Id = Guid.NewGuid() }, None));
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task DuplicateHashThrowsDuplicateEntity(StorageKind kind)
    {
        await using var storage = await TestStorage.CreateAsync(kind, postgres);
        var tenant = Samples.Tenant("acme");
        await storage.Provider.Tenants.CreateAsync(tenant, None);
        var first = Samples.Key(tenant.Id, "sk-gl-same-secret");
        var second = Samples.Key(tenant.Id, "sk-gl-other-secret");
        await storage.Provider.ApiKeys.CreateAsync(first, None);
        await storage.Provider.ApiKeys.CreateAsync(second, None);

        var thrown = await Assert.ThrowsAsync<DuplicateEntityException>(
            () => storage.Provider.ApiKeys.CreateAsync(Samples.Key(tenant.Id, "sk-gl-same-secret"), None));
        Assert.Equal("api key", thrown.Entity);
        await Assert.ThrowsAsync<DuplicateEntityException>(
            () => storage.Provider.ApiKeys.UpdateAsync(second with { SecretHash = first.SecretHash }, None));
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task DeletingTheTenantDeletesItsKeys(StorageKind kind)
    {
        await using var storage = await TestStorage.CreateAsync(kind, postgres);
        var doomed = Samples.Tenant("doomed");
        var survivor = Samples.Tenant("survivor");
        await storage.Provider.Tenants.CreateAsync(doomed, None);
        await storage.Provider.Tenants.CreateAsync(survivor, None);
        var doomedKey = Samples.Key(doomed.Id, "sk-gl-doomed-1");
        var survivingKey = Samples.Key(survivor.Id, "sk-gl-survivor-1");
        await storage.Provider.ApiKeys.CreateAsync(doomedKey, None);
        await storage.Provider.ApiKeys.CreateAsync(Samples.Key(doomed.Id, "sk-gl-doomed-2"), None);
        await storage.Provider.ApiKeys.CreateAsync(survivingKey, None);

        Assert.True(await storage.Provider.Tenants.DeleteAsync(doomed.Id, None));

        Assert.Empty(await storage.Provider.ApiKeys.ListByTenantAsync(doomed.Id, None));
        Assert.Null(await storage.Provider.ApiKeys.FindByHashAsync(doomedKey.SecretHash, None));
        Assert.Equal([survivingKey.Id], (await storage.Provider.ApiKeys.ListAllAsync(None)).Select(k => k.Id));
    }
}
