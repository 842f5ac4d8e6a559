using System.Net;
using System.Net.Sockets;
using GatoLink.Grains.Abstractions.Usage;
using GatoLink.Silo.Dashboard;
using GatoLink.Silo.Hosting;
using Orleans.Configuration;
using Orleans.Streams;
using SiloOptions = GatoLink.Silo.Hosting.SiloOptions;

namespace GatoLink.Silo.Cluster;

/// <summary>Co-hosts the Orleans silo in the web host: clustering, reminders and membership tuning.</summary>
public static class OrleansHostingExtensions
{
    /// <summary>The ADO.NET invariant of Npgsql, which Orleans' ADO.NET providers load by name.</summary>
    public const string PostgresInvariant = "Npgsql";

    /// <summary>
    /// Embedded (no PostgreSQL): one silo on localhost clustering, in-memory reminders. Cluster: ADO.NET clustering and
    /// reminders on the PostgreSQL whose tables our migrations create (they run before the silo starts).
    /// </summary>
    public static WebApplicationBuilder AddGatoLinkOrleans(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<OrleansOptions>().BindConfiguration(OrleansOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        var options = builder.Configuration.GetSection(OrleansOptions.Section).Get<OrleansOptions>() ?? new OrleansOptions();
        var postgres = builder.Configuration[$"{SiloOptions.Section}:Postgres"];
        var clustered = !string.IsNullOrWhiteSpace(postgres);

        builder.UseOrleans(silo =>
        {
            var siloPort = PortOrFree(options.SiloPort ?? (clustered ? EndpointOptions.DEFAULT_SILO_PORT : 0));
            var gatewayPort = PortOrFree(options.GatewayPort ?? (clustered ? EndpointOptions.DEFAULT_GATEWAY_PORT : 0));
            var advertised = string.IsNullOrWhiteSpace(options.AdvertisedIp) ? IPAddress.Loopback : IPAddress.Parse(options.AdvertisedIp);
            silo.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = options.ClusterId;
                o.ServiceId = options.ServiceId;
            });
            if (!string.IsNullOrWhiteSpace(options.SiloName))
            {
                silo.Configure<Orleans.Configuration.SiloOptions>(o => o.SiloName = options.SiloName);
            }
            if (clustered)
            {
                silo.ConfigureEndpoints(advertised, siloPort, gatewayPort, listenOnAnyHostAddress: false);
                silo.UseAdoNetClustering(o =>
                {
                    o.Invariant = PostgresInvariant;
                    o.ConnectionString = postgres;
                });
                silo.UseAdoNetReminderService(o =>
                {
                    o.Invariant = PostgresInvariant;
                    o.ConnectionString = postgres;
                });
                if (options.UsesKubernetesHosting(Environment.GetEnvironmentVariable("KUBERNETES_SERVICE_HOST")))
                {
                    // Pod identity from the downward API (POD_NAME, POD_NAMESPACE, POD_IP, ORLEANS_CLUSTER_ID,
                    // ORLEANS_SERVICE_ID); a deleted pod's silo is declared dead at once, a dead silo's pod deleted.
                    silo.UseKubernetesHosting();
                }

                // The usage stream, stored in PostgreSQL (tables and SQL: migration 0009); the spool is behind it.
                silo.AddAdoNetStreams(UsageStreams.Provider, s =>
                {
                    s.ConfigureAdoNet(o => o.Configure(a =>
                    {
                        a.Invariant = PostgresInvariant;
                        a.ConnectionString = postgres;
                        a.VisibilityTimeout = TimeSpan.FromSeconds(10);
                    }));
                    s.ConfigurePartitioning(UsageStreamQueues);
                    ConfigureUsageStream(s);
                });
            }
            else
            {
                silo.UseLocalhostClustering(siloPort, gatewayPort, serviceId: options.ServiceId, clusterId: options.ClusterId);
                silo.UseInMemoryReminderService();
                // One process: the spool is the durable part, the stream only carries batches to the billing grain.
                silo.AddMemoryStreams(UsageStreams.Provider, s =>
                {
                    s.ConfigurePartitioning(UsageStreamQueues);
                    ConfigureUsageStream(s);
                });
            }

            // The HTTP request's trace continues through grain calls, on this silo and the others.
            silo.AddActivityPropagation();
            silo.AddGatoLinkDashboard(builder.Configuration);
            silo.Configure<GrainCollectionOptions>(o => o.CollectionAge = options.CollectionAge);
            silo.Configure<ClusterMembershipOptions>(o =>
            {
                o.ProbeTimeout = options.ProbeTimeout;
                o.NumMissedProbesLimit = options.MissedProbesLimit;
                o.NumVotesForDeathDeclaration = 2;
                // A silo whose host vanished (a partition: no reset, only silence) was declared dead after 13 s: a vote
                // is suppressed while its connection received a message within MaxProbeTimeout × misses (Orleans' default
                // MaxProbeTimeout is 4 × ProbeTimeout: a 12 s window). Probes that do not stretch keep the window at 3 s,
                // so such a silo is dead in about 4 s, as a killed one; a stalled prober still counts its own stalls as
                // inconclusive, and two votes are still needed.
                o.MaxProbeTimeout = options.ProbeTimeout;
                o.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(5);
                o.TableRefreshTimeout = TimeSpan.FromSeconds(5);
                o.DeathVoteExpirationTimeout = TimeSpan.FromSeconds(30);
            });
        });
        return builder;
    }

    /// <summary>Queues (hash-ring partitions) of the usage stream, spread over the silos' pulling agents.</summary>
    private const int UsageStreamQueues = 4;

    private static void ConfigureUsageStream(ISiloPersistentStreamConfigurator stream)
    {
        // Only the billing grain's implicit subscription consumes it: no pub/sub grain state to store.
        stream.ConfigureStreamPubSub(StreamPubSubType.ImplicitOnly);
        stream.ConfigurePullingAgent(o => o.Configure(a => a.GetQueueMsgsTimerPeriod = TimeSpan.FromMilliseconds(50)));
    }

    /// <summary>
    /// A configured port, or for 0 a port the OS reports free now. Orleans advertises its silo port in the membership
    /// table, so it cannot take 0 itself; several silos on one machine (tests, a local cluster) set 0.
    /// </summary>
    private static int PortOrFree(int port)
    {
        if (port != 0)
        {
            return port;
        }

        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
