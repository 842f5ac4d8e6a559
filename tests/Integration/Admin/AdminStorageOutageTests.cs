using System.Net;
using GatoLink.Grains.Abstractions.Storage;
using GatoLink.Integration.Tests.Infrastructure;
using GatoLink.Silo.Storage;
using Microsoft.Extensions.DependencyInjection;
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

    [Fact]
    public async Task TheFirstAdminReadsAfterPostgresRestartedAnswerFromAFreshConnection()
    {
        Assert.True(postgres.CanControlServer, "The fixture must control the server (own cluster or GATOLINK_TEST_PG_CTL_DATA).");
        await using var silo = await SiloHarness.StartAsync(postgres: await postgres.CreateDatabaseAsync());
        var tenant = await silo.CreateTenantAsync("restart-" + Guid.NewGuid().ToString("N")[..8]);
        var (key, _) = await silo.CreateKeyAsync(tenant);

        // Idle connections in the silo's pool, each of which the restart closes on the server's side.
        var storage = (PostgresStorageProvider)silo.Services.GetRequiredService<IStorageProvider>();
        var idle = await Task.WhenAll(Enumerable.Range(0, 12).Select(async _ => await storage.DataSource.OpenConnectionAsync()));
        foreach (var connection in idle)
        {
            await connection.DisposeAsync();
        }

        await postgres.StopServerAsync();
        await postgres.StartServerAsync();

        var answers = new List<string>();
        foreach (var path in new[] { $"admin/keys/{key}", $"admin/tenants/{tenant}/keys", "admin/usage", "admin/audit", $"admin/keys/{key}/usage" })
        {
            using var response = await silo.Admin.GetAsync(path);
            answers.Add($"{path}: {(int)response.StatusCode}");
        }

        Assert.All(answers, answer => Assert.EndsWith(": 200", answer, StringComparison.Ordinal));
    }
}
