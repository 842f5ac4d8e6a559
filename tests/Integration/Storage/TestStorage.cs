using GatoLink.Grains.Abstractions.Storage;
using GatoLink.Integration.Tests.Infrastructure;
using GatoLink.Silo.Storage;

namespace GatoLink.Integration.Tests.Storage;

/// <summary>A fresh, isolated database of either kind (new SQLite file or new PostgreSQL database) for one test.</summary>
internal sealed class TestStorage : IAsyncDisposable
{
    private readonly string? _directory;
    private readonly List<SqlStorageProvider> _providers = [];

    private TestStorage(StorageOptions options, string? directory)
    {
        Options = options;
        _directory = directory;
    }

    public StorageOptions Options { get; }

    /// <summary>The first provider over the database.</summary>
    public SqlStorageProvider Provider => _providers[0];

    /// <summary>A fresh database, not yet migrated.</summary>
    public static async Task<TestStorage> CreateEmptyAsync(StorageKind kind, PostgresFixture postgres)
    {
        TestStorage storage;
        if (kind == StorageKind.PostgreSql)
        {
            storage = new TestStorage(new StorageOptions { PostgresConnectionString = await postgres.CreateDatabaseAsync() }, null);
        }
        else
        {
            var directory = Path.Combine(Path.GetTempPath(), $"gatolink-sqlite-{Guid.NewGuid():N}");
            storage = new TestStorage(new StorageOptions { DataDirectory = directory }, directory);
        }

        storage.AddProvider();
        return storage;
    }

    /// <summary>A fresh, migrated database.</summary>
    public static async Task<TestStorage> CreateAsync(StorageKind kind, PostgresFixture postgres)
    {
        var storage = await CreateEmptyAsync(kind, postgres);
        await storage.Provider.MigrateAsync(CancellationToken.None);
        return storage;
    }

    /// <summary>Another provider over the same database (another silo).</summary>
    public SqlStorageProvider AddProvider()
    {
        var provider = StorageProviderFactory.Create(Options);
        _providers.Add(provider);
        return provider;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var provider in _providers)
        {
            await provider.DisposeAsync();
        }

        if (_directory is not null && Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}
