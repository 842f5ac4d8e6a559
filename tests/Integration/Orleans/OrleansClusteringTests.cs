using System.Net;
using GatoLink.Integration.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Runtime;
using Orleans.Runtime.Membership;
using Orleans.Runtime.MembershipService;

namespace GatoLink.Integration.Tests.Orleans;

/// <summary>Our 0004 migration against the real Orleans ADO.NET clustering provider.</summary>
[Collection(PostgresCollection.Name)]
public sealed class OrleansClusteringTests(PostgresFixture postgres)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task MembershipTableHonoursTheVersionEtagWithoutASilo()
    {
        await using var db = await OrleansDatabase.CreateAsync(postgres);
        const string cluster = "contract";
        var table = Table(db, cluster);
        await table.InitializeMembershipTableAsync(tryInitTableVersion: true, CancellationToken.None);
        await Table(db, cluster).InitializeMembershipTableAsync(tryInitTableVersion: true, CancellationToken.None); // a second silo: no new row

        var empty = await table.ReadAllAsync(CancellationToken.None);
        Assert.Empty(empty.Members);
        Assert.Equal(0, empty.Version.Version);
        Assert.Equal(0, await VersionAsync(db, cluster));

        var now = DateTime.UtcNow;
        var first = Entry(11111, generation: 1, SiloStatus.Joining, now);
        Assert.True(await table.InsertRowAsync(first, empty.Version.Next(), CancellationToken.None));
        Assert.Equal(1, await VersionAsync(db, cluster));

        // A stale table version is refused and writes nothing.
        var second = Entry(22222, generation: 1, SiloStatus.Joining, now);
        Assert.False(await table.InsertRowAsync(second, empty.Version, CancellationToken.None));
        Assert.Equal(1, await VersionAsync(db, cluster));
        Assert.Empty((await table.ReadRowAsync(second.SiloAddress, CancellationToken.None)).Members);

        // The same incarnation twice is refused too, and does not bump the version.
        var afterFirst = await table.ReadAllAsync(CancellationToken.None);
        Assert.Equal(1, afterFirst.Version.Version);
        Assert.False(await table.InsertRowAsync(first, afterFirst.Version.Next(), CancellationToken.None));
        Assert.Equal(1, await VersionAsync(db, cluster));

        var read = await table.ReadRowAsync(first.SiloAddress, CancellationToken.None);
        Assert.Equal(1, read.Version.Version);
        var (stored, _) = Assert.Single(read.Members);
        Assert.Equal(first.SiloAddress, stored.SiloAddress);
        Assert.Equal("silo-11111", stored.SiloName);
        Assert.Equal("host-a", stored.HostName);
        Assert.Equal(SiloStatus.Joining, stored.Status);
        Assert.Equal(30001, stored.ProxyPort);
        Assert.Equal(DateTimeKind.Utc, stored.StartTime.Kind);
        AssertClose(first.StartTime, stored.StartTime);
        AssertClose(first.IAmAliveTime, stored.IAmAliveTime);
        Assert.Null(stored.SuspectTimes);

        // An update with the current version changes the row and bumps the version; a stale one does nothing.
        // (Every row's etag is the table version's etag; the provider itself refuses a row etag that differs.)
        Assert.Equal(afterFirst.Version.VersionEtag, read.Members[0].Item2);
        var suspecter = SiloAddress.New(IPAddress.Parse("10.0.0.9"), 11112, 7);
        var active = Entry(11111, generation: 1, SiloStatus.Active, now);
        active.IAmAliveTime = now.AddSeconds(5);
        active.SuspectTimes = [Tuple.Create(suspecter, now.AddSeconds(1))];
        Assert.True(await table.UpdateRowAsync(active, afterFirst.Version.VersionEtag, afterFirst.Version.Next(), CancellationToken.None));
        Assert.Equal(2, await VersionAsync(db, cluster));
        active.Status = SiloStatus.Dead;
        Assert.False(await table.UpdateRowAsync(active, afterFirst.Version.VersionEtag, afterFirst.Version.Next(), CancellationToken.None));
        Assert.Equal(2, await VersionAsync(db, cluster));

        // Updating a silo that is not listed is refused even with the current version.
        var current = (await table.ReadAllAsync(CancellationToken.None)).Version;
        Assert.False(await table.UpdateRowAsync(second, current.VersionEtag, current.Next(), CancellationToken.None));
        Assert.Equal(2, await VersionAsync(db, cluster));

        // The heartbeat changes IAmAliveTime only and never the version.
        var alive = Entry(11111, generation: 1, SiloStatus.Active, now);
        alive.IAmAliveTime = now.AddSeconds(30);
        await table.UpdateIAmAliveAsync(alive, CancellationToken.None);
        Assert.Equal(2, await VersionAsync(db, cluster));

        var all = await table.ReadAllAsync(CancellationToken.None);
        Assert.Equal(2, all.Version.Version);
        var (updated, _) = Assert.Single(all.Members);
        Assert.Equal(SiloStatus.Active, updated.Status);
        AssertClose(now.AddSeconds(30), updated.IAmAliveTime);
        var suspicion = Assert.Single(updated.SuspectTimes!);
        Assert.Equal(suspecter, suspicion.Item1);
        AssertClose(now.AddSeconds(1), suspicion.Item2);

        // Clients find active gateways only.
        var gateways = new AdoNetGatewayListProvider(
            NullLogger<AdoNetGatewayListProvider>.Instance,
            new ServiceCollection().BuildServiceProvider(),
            Options.Create(new AdoNetClusteringClientOptions { Invariant = "Npgsql", ConnectionString = db.ConnectionString }),
            Options.Create(new GatewayOptions()),
            Options.Create(new ClusterOptions { ClusterId = cluster, ServiceId = "svc" }));
        await gateways.InitializeGatewayListProvider();
        Assert.Equal([SiloAddress.New(IPAddress.Loopback, 30001, 1).ToGatewayUri()], await gateways.GetGateways());

        // Defunct silos (Dead, old heartbeat) are cleaned up; Active ones and recently dead ones stay.
        var dead = Entry(33333, generation: 1, SiloStatus.Dead, now.AddHours(-2));
        dead.SuspectTimes = [];
        Assert.True(await table.InsertRowAsync(dead, all.Version.Next(), CancellationToken.None));
        var deadVersion = (await table.ReadAllAsync(CancellationToken.None)).Version;
        Assert.True(await table.UpdateRowAsync(dead, deadVersion.VersionEtag, deadVersion.Next(), CancellationToken.None)); // stores '' suspicions
        var oldActive = Entry(44444, generation: 1, SiloStatus.Active, now.AddHours(-2));
        Assert.True(await table.InsertRowAsync(oldActive, (await table.ReadAllAsync(CancellationToken.None)).Version.Next(), CancellationToken.None));
        var recentlyDead = Entry(55555, generation: 1, SiloStatus.Dead, now);
        Assert.True(await table.InsertRowAsync(recentlyDead, (await table.ReadAllAsync(CancellationToken.None)).Version.Next(), CancellationToken.None));
        await table.CleanupDefunctSiloEntriesAsync(DateTimeOffset.UtcNow.AddHours(-1), CancellationToken.None);
        Assert.Equal(
            [11111, 44444, 55555],
            (await table.ReadAllAsync(CancellationToken.None)).Members.Select(m => m.Item1.SiloAddress.Endpoint.Port).Order());

        // Other clusters are untouched by another cluster's deletion.
        var other = Table(db, "other");
        await other.InitializeMembershipTableAsync(true, CancellationToken.None);
        await table.DeleteMembershipTableEntriesAsync(cluster, CancellationToken.None);
        Assert.Equal(0L, await db.ScalarAsync<long>("SELECT count(*) FROM OrleansMembershipTable WHERE DeploymentId = @c", ("c", cluster)));
        Assert.Equal(0L, await db.ScalarAsync<long>("SELECT count(*) FROM OrleansMembershipVersionTable WHERE DeploymentId = @c", ("c", cluster)));
        Assert.Equal(0, await VersionAsync(db, "other"));
    }

    [Fact]
    public async Task ConcurrentInsertsWithOneVersionLetExactlyOneThrough()
    {
        await using var db = await OrleansDatabase.CreateAsync(postgres);
        const string cluster = "race";
        var tables = Enumerable.Range(0, 8).Select(_ => Table(db, cluster)).ToArray();
        await Task.WhenAll(tables.Select(t => t.InitializeMembershipTableAsync(true, CancellationToken.None)));
        var version = (await tables[0].ReadAllAsync(CancellationToken.None)).Version.Next();

        var now = DateTime.UtcNow;
        var results = await Task.WhenAll(tables.Select((t, i) =>
            Task.Run(() => t.InsertRowAsync(Entry(20000 + i, generation: 1, SiloStatus.Joining, now), version, CancellationToken.None))));

        Assert.Single(results, r => r);
        Assert.Equal(1, await VersionAsync(db, cluster));
        Assert.Single((await tables[0].ReadAllAsync(CancellationToken.None)).Members);
    }

    [Fact]
    public async Task TwoSilosFormAClusterCallEachOtherAndLeave()
    {
        await using var db = await OrleansDatabase.CreateAsync(postgres);
        const string cluster = "two-silos";
        await using var silo1 = await OrleansTestSilo.StartAsync(db.ConnectionString, cluster, "svc", "silo-1");
        await using var silo2 = await OrleansTestSilo.StartAsync(db.ConnectionString, cluster, "svc", "silo-2");

        foreach (var silo in new[] { silo1, silo2 })
        {
            var management = silo.Grains.GetGrain<IManagementGrain>(0);
            await Eventually.TrueAsync(
                async () => (await management.GetHosts(onlyActive: true)).Keys.ToHashSet().SetEquals([silo1.Address, silo2.Address]),
                Deadline, "both silos active in the management view of " + silo.Address);
        }

        var rows = await db.RowsAsync(
            "SELECT Address, Port, Generation, Status, SiloName FROM OrleansMembershipTable WHERE DeploymentId = @c ORDER BY SiloName",
            ("c", cluster));
        Assert.Equal(2, rows.Count);
        Assert.All(rows, r => Assert.Equal((int)SiloStatus.Active, r[3]));
        Assert.Equal(["silo-1", "silo-2"], rows.Select(r => (string)r[4]!));
        Assert.Equal(silo1.Address.Endpoint.Port, rows[0][1]);
        Assert.Equal(silo1.Address.Generation, rows[0][2]);
        var versionWithTwo = await VersionAsync(db, cluster);
        Assert.True(versionWithTwo >= 4, $"joining and activating two silos bumps the version at least four times, got {versionWithTwo}");

        // A grain activated on silo 1 is reached from silo 2.
        var onSilo1 = await silo1.Grains.GetGrain<IWhereGrain>("pinned").SiloAsync();
        Assert.Equal(silo1.Address.ToParsableString(), onSilo1);
        Assert.Equal(onSilo1, await silo2.Grains.GetGrain<IWhereGrain>("pinned").SiloAsync());

        await silo2.StopAsync();

        var status2 = await Eventually.ValueAsync(
            () => db.ScalarAsync<int>(
                "SELECT Status FROM OrleansMembershipTable WHERE DeploymentId = @c AND SiloName = 'silo-2'", ("c", cluster)),
            s => s != (int)SiloStatus.Active && s != (int)SiloStatus.ShuttingDown && s != (int)SiloStatus.Stopping,
            Deadline, "silo 2's row to leave Active");
        Assert.Equal((int)SiloStatus.Dead, status2);
        Assert.True(await VersionAsync(db, cluster) > versionWithTwo);

        var remaining = silo1.Grains.GetGrain<IManagementGrain>(0);
        await Eventually.TrueAsync(
            async () => (await remaining.GetHosts(onlyActive: true)).Keys.SequenceEqual([silo1.Address]),
            Deadline, "silo 1 to see itself alone");
    }

    private static AdoNetClusteringTable Table(OrleansDatabase db, string cluster) => new(
        new ServiceCollection().BuildServiceProvider(),
        Options.Create(new ClusterOptions { ClusterId = cluster, ServiceId = "svc" }),
        Options.Create(new AdoNetClusteringSiloOptions { Invariant = "Npgsql", ConnectionString = db.ConnectionString }),
        NullLogger<AdoNetClusteringTable>.Instance);

    private static MembershipEntry Entry(int port, int generation, SiloStatus status, DateTime time) => new()
    {
        SiloAddress = SiloAddress.New(IPAddress.Loopback, port, generation),
        SiloName = $"silo-{port}",
        HostName = "host-a",
        Status = status,
        ProxyPort = port == 11111 ? 30001 : 0,
        StartTime = time,
        IAmAliveTime = time,
    };

    private static Task<int> VersionAsync(OrleansDatabase db, string cluster) =>
        db.ScalarAsync<int>("SELECT Version FROM OrleansMembershipVersionTable WHERE DeploymentId = @c", ("c", cluster));

    // PostgreSQL keeps microseconds; .NET ticks are 100 ns.
    private static void AssertClose(DateTime expected, DateTime actual) =>
        Assert.True((expected - actual).Duration() < TimeSpan.FromMilliseconds(1), $"expected {expected:O}, got {actual:O}");
}
