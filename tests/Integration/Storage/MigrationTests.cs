using System.Data.Common;
using GatoLink.Grains.Abstractions.Storage;
using GatoLink.Integration.Tests.Infrastructure;
using GatoLink.Silo.Storage;
using GatoLink.Silo.Storage.Migrations;

namespace GatoLink.Integration.Tests.Storage;

[Collection(PostgresCollection.Name)]
public sealed class MigrationTests(PostgresFixture postgres)
{
    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task MigrateAppliesAndRecordsEveryScriptInOrder(StorageKind kind)
    {
        await using var storage = await TestStorage.CreateAsync(kind, postgres);

        var expected = MigrationCatalog.Load(kind);
        Assert.NotEmpty(expected);
        Assert.Equal(1, expected[0].Version);
        Assert.Equal("core", expected[0].Name);
        Assert.Equal(expected.Select(s => (s.Version, s.Name)), await RecordedAsync(storage.Provider));
    }

    [Fact]
    public async Task TheLeaseProtocolOfThePerSiloDesignIsGoneFromPostgres()
    {
        await using var storage = await TestStorage.CreateAsync(StorageKind.PostgreSql, postgres);
        await using var connection = await storage.Provider.OpenConnectionAsync(CancellationToken.None);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT (SELECT count(*) FROM pg_class WHERE relname IN ('quota_rows', 'quota_leases', 'quota_silos'))
                 + (SELECT count(*) FROM pg_proc WHERE proname IN ('quota_acquire', 'quota_return', 'gatolink_notify_directory'))
                 + (SELECT count(*) FROM pg_trigger WHERE tgname IN ('api_keys_notify', 'tenants_notify'))
            """;
        Assert.Equal(0L, Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task MigrateTwiceIsIdempotent(StorageKind kind)
    {
        await using var storage = await TestStorage.CreateAsync(kind, postgres);
        await storage.Provider.Tenants.CreateAsync(Samples.Tenant("kept"), CancellationToken.None);

        await storage.Provider.MigrateAsync(CancellationToken.None);
        await storage.AddProvider().MigrateAsync(CancellationToken.None);

        Assert.Equal(MigrationCatalog.Load(kind).Count, (await RecordedAsync(storage.Provider)).Count);
        Assert.Single(await storage.Provider.Tenants.ListAsync(CancellationToken.None));
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task ConcurrentMigrationsFromThreeProvidersApplyOnce(StorageKind kind)
    {
        await using var storage = await TestStorage.CreateEmptyAsync(kind, postgres);
        var providers = new[] { storage.Provider, storage.AddProvider(), storage.AddProvider() };

        await Task.WhenAll(providers.Select(p => Task.Run(() => p.MigrateAsync(CancellationToken.None))));

        Assert.Equal(
            MigrationCatalog.Load(kind).Select(s => (s.Version, s.Name)),
            await RecordedAsync(storage.Provider));
        Assert.All(providers, p => Assert.Equal(kind, p.Kind));
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task PingAnswersTrueWhenTheDatabaseIsUp(StorageKind kind)
    {
        await using var storage = await TestStorage.CreateAsync(kind, postgres);

        Assert.True(await storage.Provider.PingAsync(CancellationToken.None));
    }

    [Fact]
    public async Task FactoryChoosesSqliteInTheDataDirectoryWithoutConnectionString()
    {
        var directory = Path.Combine(Path.GetTempPath(), $"gatolink-factory-{Guid.NewGuid():N}", "nested");
        try
        {
            await using var provider = StorageProviderFactory.Create(new StorageOptions { DataDirectory = directory });
            await provider.MigrateAsync(CancellationToken.None);

            var sqlite = Assert.IsType<SqliteStorageProvider>(provider);
            Assert.Equal(StorageKind.Sqlite, provider.Kind);
            Assert.Equal(Path.GetFullPath(Path.Combine(directory, "gatolink.db")), sqlite.DatabasePath);
            Assert.True(File.Exists(sqlite.DatabasePath));
            Assert.Equal("wal", await ScalarAsync(provider, "PRAGMA journal_mode"));
            Assert.Equal(1L, await ScalarAsync(provider, "PRAGMA foreign_keys"));
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(directory)!, recursive: true);
        }
    }

    [Fact]
    public async Task FactoryChoosesPostgresWhenAConnectionStringIsSet()
    {
        var connectionString = await postgres.CreateDatabaseAsync();

        await using var provider = StorageProviderFactory.Create(new StorageOptions { PostgresConnectionString = connectionString });

        Assert.IsType<PostgresStorageProvider>(provider);
        Assert.Equal(StorageKind.PostgreSql, provider.Kind);
        Assert.True(await provider.PingAsync(CancellationToken.None));
    }

    private static async Task<object?> ScalarAsync(SqlStorageProvider provider, string sql)
    {
        await using var connection = await provider.OpenConnectionAsync(CancellationToken.None);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }

    private static async Task<List<(int Version, string Name)>> RecordedAsync(SqlStorageProvider provider)
    {
        await using DbConnection connection = await provider.OpenConnectionAsync(CancellationToken.None);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT version, name, applied_at FROM schema_migrations ORDER BY version";
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<(int, string)>();
        while (await reader.ReadAsync())
        {
            Assert.False(await reader.IsDBNullAsync(2));
            rows.Add((reader.GetInt32(0), reader.GetString(1)));
        }

        return rows;
    }
}
