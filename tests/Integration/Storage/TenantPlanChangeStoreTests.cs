using System.Data.Common;
using GatoLink.Grains.Abstractions.Plans;
using GatoLink.Grains.Abstractions.Storage;
using GatoLink.Integration.Tests.Infrastructure;
using GatoLink.Silo.Storage;

namespace GatoLink.Integration.Tests.Storage;

/// <summary>A tenant's plan and the plan period its invoices prorate by are written together or not at all, on either database.</summary>
[Collection(PostgresCollection.Name)]
public sealed class TenantPlanChangeStoreTests(PostgresFixture postgres)
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task APlanChangeWhosePeriodTheDatabaseRefusesLeavesTheTenantOnItsOldPlanAndAnAcceptedOneWritesBoth(StorageKind kind)
    {
        await using var storage = await TestStorage.CreateAsync(kind, postgres);
        var tenants = storage.Provider.Tenants;
        var onFree = Samples.Tenant("switcher") with { Billing = new TenantBilling("free", BillingMode.Postpaid, null, null) };
        await tenants.CreateAsync(onFree, None);
        var created = await storage.Provider.Plans.PeriodsAsync(onFree.Id, onFree.CreatedAt, onFree.CreatedAt.AddDays(1), None);
        Assert.Equal([new PlanPeriod(onFree.CreatedAt, "free")], created);

        var switchAt = onFree.CreatedAt.AddDays(10);
        var onPro = onFree with { Billing = onFree.Billing! with { Plan = "pro" } };
        var isPostgres = kind == StorageKind.PostgreSql;
        await using var connection = await storage.Provider.OpenConnectionAsync(None);
        await PlanPeriodRefusal.InstallAsync(connection, isPostgres);

        var failure = await Assert.ThrowsAnyAsync<DbException>(() => tenants.UpdateAsync(onPro, new PlanPeriod(switchAt, "pro"), None));
        Assert.Contains("plan periods refused by the test", failure.Message, StringComparison.Ordinal);
        Assert.Equal("free", (await tenants.GetAsync(onFree.Id, None))!.Billing?.Plan);
        Assert.Equal(created, await storage.Provider.Plans.PeriodsAsync(onFree.Id, onFree.CreatedAt, switchAt.AddDays(1), None));

        await PlanPeriodRefusal.LiftAsync(connection, isPostgres);
        Assert.True(await tenants.UpdateAsync(onPro, new PlanPeriod(switchAt, "pro"), None));
        Assert.Equal("pro", (await tenants.GetAsync(onFree.Id, None))!.Billing?.Plan);
        Assert.Equal(
            [new PlanPeriod(onFree.CreatedAt, "free"), new PlanPeriod(switchAt, "pro")],
            await storage.Provider.Plans.PeriodsAsync(onFree.Id, onFree.CreatedAt, switchAt.AddDays(1), None));
    }
}
