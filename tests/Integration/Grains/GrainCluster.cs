using GatoLink.Grains.Abstractions.Keys;
using GatoLink.Grains.Abstractions.Storage;
using GatoLink.Grains.Abstractions.Tenants;
using GatoLink.Grains.Billing;
using GatoLink.Grains.Nodes;
using GatoLink.Grains.Nodes.Adapters;
using GatoLink.Grains.Nodes.Load;
using GatoLink.Grains.Placement;
using GatoLink.Silo.Ledger;
using GatoLink.Silo.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.TestingHost;
using GatoLink.PerSilo.Billing;

namespace GatoLink.Integration.Tests.Grains;

/// <summary>
/// An Orleans <see cref="InProcessTestCluster"/> of several silos running GatoLink's grains over one real SQLite
/// database (registry and ledger), so grain behaviour is tested across silos, with silos killed.
/// </summary>
internal sealed class GrainCluster : IAsyncDisposable
{
    private readonly string _directory;

    private GrainCluster(InProcessTestCluster cluster, SqlStorageProvider storage, SqliteLedgerStore ledger, string directory)
    {
        Cluster = cluster;
        Storage = storage;
        Ledger = ledger;
        _directory = directory;
    }

    public InProcessTestCluster Cluster { get; }

    public SqlStorageProvider Storage { get; }

    public SqliteLedgerStore Ledger { get; }

    /// <summary>Starts <paramref name="silos"/> silos; with <paramref name="watermark"/>, key and tenant grains complete their ledger seeds by it.</summary>
    public static async Task<GrainCluster> StartAsync(short silos, TimeSpan? collectionAge = null, ILedgerWatermark? watermark = null, PlacementOptions? placement = null, ILoggerProvider? logs = null)
    {
        var directory = Path.Combine(Path.GetTempPath(), $"gatolink-grains-{Guid.NewGuid():N}");
        var storage = StorageProviderFactory.Create(new StorageOptions { DataDirectory = directory });
        await storage.MigrateAsync(CancellationToken.None);
        var ledger = new SqliteLedgerStore((SqliteStorageProvider)storage);
        var builder = new InProcessTestClusterBuilder(silos);
        builder.ConfigureSiloHost((_, host) =>
        {
            host.Services.AddSingleton(TimeProvider.System);
            host.Services.AddSingleton<IApiKeyStore>(storage.ApiKeys);
            host.Services.AddSingleton<ITenantStore>(storage.Tenants);
            host.Services.AddSingleton<INodeStore>(storage.Nodes);
            host.Services.AddSingleton<IUsageQueries>(ledger);
            host.Services.AddSingleton<ILedgerBalances>(ledger);
            if (watermark is not null)
            {
                host.Services.AddSingleton(watermark);
            }
            host.Services.AddSingleton(placement ?? new PlacementOptions());
            if (logs is not null)
            {
                host.Logging.AddProvider(logs);
            }

            host.Services.AddSingleton(new NodeHealthOptions());
            host.Services.AddSingleton(EngineAdapters.Default);
            host.Services.AddSingleton<NodeScraper>();
        });
        if (collectionAge is { } age)
        {
            builder.ConfigureSilo((_, silo) => silo.Configure<GrainCollectionOptions>(o =>
            {
                o.CollectionQuantum = TimeSpan.FromSeconds(1);
                o.CollectionAge = age;
            }));
        }

        var cluster = builder.Build();
        await cluster.DeployAsync();
        return new GrainCluster(cluster, storage, ledger, directory);
    }

    /// <summary>A tenant and one key of it in the registry, with the limits given.</summary>
    public async Task<(TenantRecord Tenant, ApiKeyRecord Key)> CreateKeyAsync(Limits limits, Limits? tenantLimits = null)
    {
        var tenant = new TenantRecord(Guid.NewGuid(), $"t-{Guid.NewGuid():N}", tenantLimits ?? Limits.None, false, DateTimeOffset.UtcNow);
        await Storage.Tenants.CreateAsync(tenant, CancellationToken.None);
        var key = new ApiKeyRecord(Guid.NewGuid(), tenant.Id, "k", "gl-k", System.Security.Cryptography.RandomNumberGenerator.GetBytes(32), ApiKeyRole.User, ApiKeyStatus.Active, null, limits, [], DateTimeOffset.UtcNow);
        await Storage.ApiKeys.CreateAsync(key, CancellationToken.None);
        return (tenant, key);
    }

    /// <summary>The grain factory of one silo, so that calls come from several silos.</summary>
    public IGrainFactory FactoryOf(int silo) =>
        Cluster.GetSiloServiceProvider(Cluster.Silos[silo % Cluster.Silos.Count].SiloAddress).GetRequiredService<IGrainFactory>();

    /// <summary>The silo an activation lives on.</summary>
    public InProcessSiloHandle HostOf(IAddressable grain)
    {
        if (!Cluster.TryGetGrainContext(grain.GetGrainId(), out var context))
        {
            throw new InvalidOperationException("The grain is not active.");
        }

        return Cluster.GetSiloForAddress(context.Address.SiloAddress!) ?? throw new InvalidOperationException("No such silo.");
    }

    public async ValueTask DisposeAsync()
    {
        await Cluster.DisposeAsync();
        await Storage.DisposeAsync();
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}
