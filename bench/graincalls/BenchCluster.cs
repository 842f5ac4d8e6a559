using System.Net;
using System.Net.Sockets;
using GatoLink.Grains.Abstractions.Storage;
using GatoLink.Grains.Billing;
using GatoLink.Grains.Wallets;
using GatoLink.Silo.Ledger;
using GatoLink.Silo.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using GatoLink.PerSilo.Billing;

namespace GatoLink.Bench.GrainCalls;

/// <summary>
/// Two Orleans silos in this process on real TCP loopback (localhost clustering, the second joining the first), with
/// GatoLink's grains over one SQLite database, as the grain tests wire them.
/// </summary>
public sealed class BenchCluster : IAsyncDisposable
{
    private readonly IHost[] _silos;
    private readonly string _directory;

    private BenchCluster(IHost[] silos, SqlStorageProvider storage, string directory)
    {
        _silos = silos;
        Storage = storage;
        _directory = directory;
    }

    /// <summary>Registry storage (keys, tenants).</summary>
    public SqlStorageProvider Storage { get; }

    /// <summary>The grain factory of silo <paramref name="silo"/> (0 or 1): calls made through it start there.</summary>
    public IGrainFactory FactoryOf(int silo) => _silos[silo].Services.GetRequiredService<IGrainFactory>();

    /// <summary>The address of silo <paramref name="silo"/>.</summary>
    public SiloAddress AddressOf(int silo) => _silos[silo].Services.GetRequiredService<ILocalSiloDetails>().SiloAddress;

    /// <summary>Starts both silos and waits until each sees the other.</summary>
    public static async Task<BenchCluster> StartAsync(CancellationToken ct)
    {
        var directory = Path.Combine(Path.GetTempPath(), $"gatolink-graincalls-{Guid.NewGuid():N}");
        var storage = StorageProviderFactory.Create(new StorageOptions { DataDirectory = directory });
        await storage.MigrateAsync(ct);
        var ledger = new SqliteLedgerStore((SqliteStorageProvider)storage);
        var primaryPort = FreePort();
        var primary = new IPEndPoint(IPAddress.Loopback, primaryPort);
        var first = Build(storage, ledger, primaryPort, FreePort(), primary);
        await first.StartAsync(ct);
        var second = Build(storage, ledger, FreePort(), FreePort(), primary);
        await second.StartAsync(ct);
        var cluster = new BenchCluster([first, second], storage, directory);
        await cluster.WaitForBothAsync(ct);
        return cluster;
    }

    /// <summary>Stops both silos and deletes the database.</summary>
    public async ValueTask DisposeAsync()
    {
        for (var i = _silos.Length - 1; i >= 0; i--)
        {
            await _silos[i].StopAsync(CancellationToken.None);
            _silos[i].Dispose();
        }

        await Storage.DisposeAsync();
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private static IHost Build(SqlStorageProvider storage, SqliteLedgerStore ledger, int siloPort, int gatewayPort, IPEndPoint primary) =>
        Host.CreateDefaultBuilder()
            .ConfigureLogging(logging => logging.ClearProviders().AddConsole().SetMinimumLevel(LogLevel.Warning)
                // The watchdog warns once about its first, late check when two silos start together on 2 cores.
                .AddFilter("Orleans.Runtime.Watchdog", LogLevel.Error))
            .ConfigureServices(services =>
            {
                services.AddSingleton(TimeProvider.System);
                services.AddSingleton<IApiKeyStore>(storage.ApiKeys);
                services.AddSingleton<ITenantStore>(storage.Tenants);
                services.AddSingleton<IUsageQueries>(ledger);
                services.AddSingleton<ILedgerBalances>(ledger);
                // Plans and wallets, for tenant grains of prepaid tenants (bench/wallet).
                services.AddSingleton(new BillingStores(storage.Plans, storage.Wallets));
            })
            .UseOrleans(silo =>
            {
                silo.UseLocalhostClustering(siloPort, gatewayPort, primary);
                // Longer than the bench: nothing deactivates while it counts activations.
                silo.Configure<GrainCollectionOptions>(o => o.CollectionAge = TimeSpan.FromMinutes(30));
            })
            .Build();

    private async Task WaitForBothAsync(CancellationToken ct)
    {
        var management = FactoryOf(1).GetGrain<IManagementGrain>(0);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(TimeSpan.FromSeconds(30));
        while ((await management.GetHosts(true, deadline.Token)).Count < 2)
        {
            await Task.Delay(100, deadline.Token);
        }
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
