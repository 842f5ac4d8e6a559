using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Runtime;
using GatoLink.Integration.Tests.Infrastructure;

namespace GatoLink.Integration.Tests.Orleans;

/// <summary>
/// One Orleans silo in the test process on loopback with free ports, clustered, storing grain state ("pg") and
/// reminders through the real ADO.NET providers on the given PostgreSQL database.
/// </summary>
internal sealed class OrleansTestSilo : IAsyncDisposable
{
    /// <summary>Grain storage provider name used by the test grains.</summary>
    public const string StorageName = "pg";

    private bool _stopped;

    private OrleansTestSilo(IHost host) => Host = host;

    public IHost Host { get; }

    public IServiceProvider Services => Host.Services;

    public IGrainFactory Grains => Services.GetRequiredService<IGrainFactory>();

    public SiloAddress Address => Services.GetRequiredService<ILocalSiloDetails>().SiloAddress;

    public static async Task<OrleansTestSilo> StartAsync(string connectionString, string clusterId, string serviceId,
        string siloName, Action<ISiloBuilder>? configure = null)
    {
        var siloPort = LoopbackPorts.Free();
        var gatewayPort = LoopbackPorts.Free();
        var host = new HostBuilder()
            .ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning))
            .UseOrleans(silo =>
            {
                silo.Configure<ClusterOptions>(o =>
                    {
                        o.ClusterId = clusterId;
                        o.ServiceId = serviceId;
                    })
                    .Configure<SiloOptions>(o => o.SiloName = siloName)
                    .ConfigureEndpoints(IPAddress.Loopback, siloPort, gatewayPort)
                    .UseAdoNetClustering(o =>
                    {
                        o.Invariant = "Npgsql";
                        o.ConnectionString = connectionString;
                    })
                    .AddAdoNetGrainStorage(StorageName, o =>
                    {
                        o.Invariant = "Npgsql";
                        o.ConnectionString = connectionString;
                    })
                    .UseAdoNetReminderService(o =>
                    {
                        o.Invariant = "Npgsql";
                        o.ConnectionString = connectionString;
                    });
                configure?.Invoke(silo);
            })
            .Build();
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await host.StartAsync(timeout.Token);
        }
        catch
        {
            host.Dispose();
            throw;
        }

        return new OrleansTestSilo(host);
    }

    /// <summary>Graceful shutdown: the silo marks itself dead in the membership table and leaves.</summary>
    public async Task StopAsync()
    {
        if (_stopped)
        {
            return;
        }

        _stopped = true;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await Host.StopAsync(timeout.Token);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync();
        }
        finally
        {
            Host.Dispose();
        }
    }
}
