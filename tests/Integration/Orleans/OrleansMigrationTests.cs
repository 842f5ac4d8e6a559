using System.Reflection;
using GatoLink.Grains.Abstractions.Storage;
using GatoLink.Integration.Tests.Infrastructure;
using GatoLink.Integration.Tests.Storage;
using Orleans.Runtime.MembershipService;
using Orleans.Storage;

namespace GatoLink.Integration.Tests.Orleans;

/// <summary>The Orleans migrations (0004–0006) as a deployment applies them.</summary>
[Collection(PostgresCollection.Name)]
public sealed class OrleansMigrationTests(PostgresFixture postgres)
{
    [Fact]
    public async Task TwoConcurrentMigrationsOnAFreshDatabaseApplyTheOrleansScriptsOnce()
    {
        await using var storage = await TestStorage.CreateEmptyAsync(StorageKind.PostgreSql, postgres);
        var second = storage.AddProvider();

        await Task.WhenAll(
            Task.Run(() => storage.Provider.MigrateAsync(CancellationToken.None)),
            Task.Run(() => second.MigrateAsync(CancellationToken.None)));

        await using var connection = await storage.Provider.OpenConnectionAsync(CancellationToken.None);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT version, name FROM schema_migrations WHERE version BETWEEN 4 AND 6 ORDER BY version";
        var applied = new List<(int, string)>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                applied.Add((reader.GetInt32(0), reader.GetString(1)));
            }
        }

        Assert.Equal([(4, "orleans_clustering"), (5, "orleans_persistence"), (6, "orleans_reminders")], applied);
        await second.MigrateAsync(CancellationToken.None); // and again, sequentially: nothing to do
    }

    [Fact]
    public async Task OrleansQueryHoldsEveryKeyTheInstalledProvidersRequire()
    {
        await using var db = await OrleansDatabase.CreateAsync(postgres);
        var stored = (await db.RowsAsync("SELECT QueryKey FROM OrleansQuery")).Select(r => (string)r[0]!).ToHashSet();

        // The providers validate their key set against the non-public properties of their internal DbStoredQueries.
        var required = RequiredKeys(typeof(AdoNetClusteringTable).Assembly)
            .Concat(RequiredKeys(typeof(IReminderTable).Assembly, "Orleans.Reminders.AdoNet"))
            .Concat(RequiredKeys(typeof(IReminderTable).Assembly, "Orleans.Streaming.AdoNet"))
            .Concat(["WriteToStorageKey", "ReadFromStorageKey", "ClearStorageKey", "DeleteStorageKey"])
            .ToList();
        Assert.Contains("UpdateIAmAlivetimeKey", required);
        Assert.Contains("ReadRangeRows2Key", required);
        Assert.Contains("ConfirmStreamMessagesKey", required);
        Assert.Contains(AdoNetGrainStorage.DefaultInitializationQuery.Split('\'')[1], required);
        Assert.Empty(required.Except(stored));

        // 10.4 also uses one optional key when it is present (per-row cleanup of defunct silos).
        Assert.NotNull(ClusteringQueries().GetMethod("GetCleanupDefunctSiloEntryQuery", BindingFlags.Instance | BindingFlags.NonPublic));
        Assert.Equal(["CleanupDefunctSiloEntryKey"], stored.Except(required));
    }

    private static Type ClusteringQueries() =>
        typeof(AdoNetClusteringTable).Assembly.GetTypes().Single(t => t.Name == "DbStoredQueries");

    private static IEnumerable<string> RequiredKeys(Assembly assembly, string? assemblyName = null)
    {
        if (assemblyName is not null)
        {
            assembly = Assembly.Load(assemblyName);
        }

        var type = assembly.GetTypes().Single(t => t.Name == "DbStoredQueries");
        return type.GetProperties(BindingFlags.Instance | BindingFlags.NonPublic).Select(p => p.Name);
    }
}
