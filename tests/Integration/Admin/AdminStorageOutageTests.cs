using System.Net;
using GatoLink.Integration.Tests.Infrastructure;
using static GatoLink.Integration.Tests.Admin.AdminRequests;

namespace GatoLink.Integration.Tests.Admin;

/// <summary>An admin write while PostgreSQL is away is a 503 with a JSON body and Retry-After, never a 500.</summary>
[Collection(PostgresCollection.Name)]
public sealed class AdminStorageOutageTests(PostgresFixture postgres)
{
    [Fact]
    public async Task AWriteWhilePostgresIsDownIs503AndWorksAgainAfter()
    {
        Assert.True(postgres.CanControlServer, "The fixture must control the server (own cluster or GATOLINK_TEST_PG_CTL_DATA).");
        await using var silo = await SiloHarness.StartAsync(postgres: await postgres.CreateDatabaseAsync());
        var name = "outage-" + Guid.NewGuid().ToString("N")[..8];
        // Keys are loaded on their first use: the admin key is known to the silo once it has been used.
        using (var warm = await SendAsync(silo.Admin, "GET", "admin/tenants", (string?)null))
        {
            Assert.Equal(HttpStatusCode.OK, warm.StatusCode);
        }

        HttpResponseMessage during;
        await postgres.StopServerAsync();
        try
        {
            during = await SendAsync(silo.Admin, "POST", "admin/tenants", $$"""{"name":"{{name}}"}""");
        }
        finally
        {
            await postgres.StartServerAsync();
        }

        using (during)
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, during.StatusCode);
            Assert.NotNull(during.Headers.RetryAfter);
            Assert.Equal("storage_unavailable", (string?)(await ErrorOf(during))["code"]);
        }

        using var after = await SendAsync(silo.Admin, "POST", "admin/tenants", $$"""{"name":"{{name}}"}""");
        Assert.Equal(HttpStatusCode.Created, after.StatusCode);
    }
}
