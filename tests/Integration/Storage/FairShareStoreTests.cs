using GatoLink.Grains.Abstractions.Keys;
using GatoLink.Grains.Abstractions.Storage;
using GatoLink.Grains.Abstractions.Tenants;
using GatoLink.Integration.Tests.Infrastructure;
using GatoLink.Silo.Storage;

namespace GatoLink.Integration.Tests.Storage;

/// <summary>Migration 0040's columns in both dialects: a tenant's fair share and cap, a key's priority and cap.</summary>
[Collection(PostgresCollection.Name)]
public sealed class FairShareStoreTests(PostgresFixture postgres)
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task WeightShareConcurrencyAndPriorityReadBackAsWritten(StorageKind kind)
    {
        await using var storage = await TestStorage.CreateAsync(kind, postgres);
        var tenant = Samples.Tenant("fair", new Limits(MaxConcurrent: 7)) with { Share = new FairShare(3, 0.25) };
        var plain = Samples.Tenant("plain");
        await storage.Provider.Tenants.CreateAsync(tenant, None);
        await storage.Provider.Tenants.CreateAsync(plain, None);
        var key = Samples.Key(tenant.Id, "sk-gl-batch-secret") with { Priority = PriorityClass.Batch, Limits = new Limits(RequestsPerMinute: 60, MaxConcurrent: 2) };
        await storage.Provider.ApiKeys.CreateAsync(key, None);

        var readTenant = await storage.Provider.Tenants.GetAsync(tenant.Id, None);
        var readPlain = await storage.Provider.Tenants.GetAsync(plain.Id, None);
        var readKey = await storage.Provider.ApiKeys.GetAsync(key.Id, None);
        var lowered = tenant with { Share = null, Limits = Limits.None };
        Assert.True(await storage.Provider.Tenants.UpdateAsync(lowered, null, None));
        var readLowered = await storage.Provider.Tenants.GetAsync(tenant.Id, None);

        Assert.Equal(tenant, readTenant);
        Assert.Equal(FairShare.Default, readPlain!.ShareOrDefault);
        Assert.Equal(PriorityClass.Batch, readKey!.Priority);
        Assert.Equal(new Limits(RequestsPerMinute: 60, MaxConcurrent: 2), readKey.Limits);
        Assert.Equal(FairShare.Default, readLowered!.ShareOrDefault);
        Assert.Null(readLowered.Limits.MaxConcurrent);
    }
}
