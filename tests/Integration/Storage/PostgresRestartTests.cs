using GatoLink.Grains.Abstractions.Storage;
using GatoLink.Integration.Tests.Infrastructure;

namespace GatoLink.Integration.Tests.Storage;

[Collection(PostgresCollection.Name)]
public sealed class PostgresRestartTests(PostgresFixture postgres)
{
    [Fact]
    public async Task PingTurnsFalseWhilePostgresIsDownAndTrueAfterRestart()
    {
        Assert.True(postgres.CanControlServer, "The fixture must control the server (own cluster or GATOLINK_TEST_PG_CTL_DATA).");
        await using var storage = await TestStorage.CreateAsync(StorageKind.PostgreSql, postgres);
        var tenant = Samples.Tenant("durable");
        await storage.Provider.Tenants.CreateAsync(tenant, CancellationToken.None);

        await postgres.StopServerAsync();
        try
        {
            Assert.False(await storage.Provider.PingAsync(CancellationToken.None));
        }
        finally
        {
            await postgres.StartServerAsync();
        }

        Assert.True(await storage.Provider.PingAsync(CancellationToken.None));
        Assert.Equal(tenant, await storage.Provider.Tenants.GetAsync(tenant.Id, CancellationToken.None));
    }
}
