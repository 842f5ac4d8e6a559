using System.Net;
using GatoLink.Integration.Tests.Infrastructure;
using static GatoLink.Integration.Tests.Admin.AdminRequests;

namespace GatoLink.Integration.Tests.Admin;

/// <summary>A name or identity that exists answers 409 with a JSON body naming the field, on SQLite and PostgreSQL alike.</summary>
[Collection(PostgresCollection.Name)]
public sealed class AdminConflictTests
{
    private readonly PostgresFixture _pg;

    public AdminConflictTests(PostgresFixture pg) => _pg = pg;

    public enum Database
    {
        Sqlite,
        PostgreSql,
    }

    [Theory]
    [InlineData(Database.Sqlite)]
    [InlineData(Database.PostgreSql)]
    public async Task ADuplicateTenantNameIs409WithTheField(Database database)
    {
        await using var silo = await StartAsync(database);
        var name = "dup-" + Guid.NewGuid().ToString("N")[..8];
        await silo.CreateTenantAsync(name);

        using var again = await SendAsync(silo.Admin, "POST", "admin/tenants", $$"""{"name":"{{name}}"}""");

        await AssertConflictAsync(again, "name");
    }

    [Theory]
    [InlineData(Database.Sqlite)]
    [InlineData(Database.PostgreSql)]
    public async Task RenamingATenantOntoAnotherNameIs409AndChangesNothing(Database database)
    {
        await using var silo = await StartAsync(database);
        var taken = "taken-" + Guid.NewGuid().ToString("N")[..8];
        await silo.CreateTenantAsync(taken);
        var other = await silo.CreateTenantAsync("other-" + Guid.NewGuid().ToString("N")[..8]);

        using var rename = await SendAsync(silo.Admin, "PATCH", $"admin/tenants/{other}", $$"""{"name":"{{taken}}"}""");
        using var read = await silo.Admin.GetAsync($"admin/tenants/{other}");
        var after = await JsonOf(read);

        await AssertConflictAsync(rename, "name");
        Assert.StartsWith("other-", (string?)after["name"], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Database.Sqlite)]
    [InlineData(Database.PostgreSql)]
    public async Task TwoPricesFromTheSameInstantAre409(Database database)
    {
        await using var silo = await StartAsync(database);
        var from = DateTimeOffset.UtcNow.AddHours(1).ToString("O");
        var body = $$"""{"input_per_million_usd":1,"output_per_million_usd":2,"effective_from":"{{from}}"}""";
        using var first = await SendAsync(silo.Admin, "PUT", "admin/models/demo-8b/pricing", body);

        using var second = await SendAsync(silo.Admin, "PUT", "admin/models/demo-8b/pricing", body);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        await AssertConflictAsync(second, "effective_from");
    }

    private async Task<SiloHarness> StartAsync(Database database) =>
        await SiloHarness.StartAsync(postgres: database == Database.PostgreSql ? await _pg.CreateDatabaseAsync() : null);

    private static async Task AssertConflictAsync(HttpResponseMessage response, string field)
    {
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var error = await ErrorOf(response);
        Assert.Equal("invalid_request_error", (string?)error["type"]);
        Assert.Equal("conflict", (string?)error["code"]);
        Assert.Equal(field, (string?)error["param"]);
        Assert.False(string.IsNullOrWhiteSpace((string?)error["message"]));
    }
}
