using GatoLink.Integration.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Hosting;
using Orleans.Runtime;
using Orleans.Storage;

namespace GatoLink.Integration.Tests.Orleans;

/// <summary>Our 0005 migration against the real Orleans ADO.NET grain storage provider.</summary>
[Collection(PostgresCollection.Name)]
public sealed class OrleansPersistenceTests(PostgresFixture postgres)
{
    private const string DeletingStorage = "pg-delete";

    [Fact]
    public async Task GrainStateSurvivesDeactivationAndRestartAndRefusesAStaleEtag()
    {
        await using var db = await OrleansDatabase.CreateAsync(postgres);
        var silo = await OrleansTestSilo.StartAsync(db.ConnectionString, "persist", "svc", "silo-1");
        try
        {
            var counter = silo.Grains.GetGrain<ICounterGrain>(7);
            Assert.False(await counter.RecordExistsAsync());
            Assert.Null(await counter.ETagAsync());

            await counter.SetAsync(42, "first");
            Assert.Equal("1", await counter.ETagAsync());
            await counter.DeactivateAsync();
            var reread = await Eventually.ValueAsync(() => counter.GetAsync(), s => s.Value == 42, TimeSpan.FromSeconds(30), "state read back");
            Assert.Equal("first", reread.Note);
            Assert.True(await counter.RecordExistsAsync());
            Assert.Equal("1", await counter.ETagAsync());

            var row = Assert.Single(await db.RowsAsync(
                "SELECT ServiceId, GrainTypeString, GrainIdN0, GrainIdN1, GrainIdExtensionString, Version, PayloadBinary IS NOT NULL FROM OrleansStorage"));
            Assert.Equal(["svc", "counter", 0L, 7L, null, 1, true], row);

            await silo.DisposeAsync();
            silo = await OrleansTestSilo.StartAsync(db.ConnectionString, "persist", "svc", "silo-1b");
            counter = silo.Grains.GetGrain<ICounterGrain>(7);
            Assert.Equal(42, (await counter.GetAsync()).Value);

            // Someone else wrote the row since the grain read it: the grain's write is refused.
            await db.ExecuteAsync("UPDATE OrleansStorage SET Version = Version + 1 WHERE GrainIdN1 = 7");
            await Assert.ThrowsAsync<InconsistentStateException>(() => counter.SetAsync(43, "stale"));
            Assert.Equal(2, await db.ScalarAsync<int>("SELECT Version FROM OrleansStorage WHERE GrainIdN1 = 7"));

            // A new activation reads the current row and can write.
            await counter.DeactivateAsync();
            var fresh = await Eventually.ValueAsync(() => counter.ETagAsync(), e => e == "2", TimeSpan.FromSeconds(30), "a re-read etag");
            Assert.Equal("2", fresh);
            await counter.SetAsync(44, "after conflict");
            Assert.Equal("3", await counter.ETagAsync());

            // Clearing keeps the row with no payload and a new version; the grain can write again after it.
            await counter.ClearAsync();
            Assert.False(await counter.RecordExistsAsync());
            Assert.Equal(0, (await counter.GetAsync()).Value);
            Assert.Equal("4", await counter.ETagAsync());
            Assert.Equal([4, false], Assert.Single(await db.RowsAsync(
                "SELECT Version, PayloadBinary IS NOT NULL FROM OrleansStorage WHERE GrainIdN1 = 7")));
            await counter.DeactivateAsync();
            Assert.Equal("4", await Eventually.ValueAsync(() => counter.ETagAsync(), e => e == "4", TimeSpan.FromSeconds(30), "etag after clear"));
            Assert.False(await counter.RecordExistsAsync());
            await counter.SetAsync(5, "again");
            Assert.Equal("5", await counter.ETagAsync());
        }
        finally
        {
            await silo.DisposeAsync();
        }
    }

    [Fact]
    public async Task ProviderKeepsEveryKindOfKeyApartAndChecksEtagsOnEveryOperation()
    {
        await using var db = await OrleansDatabase.CreateAsync(postgres);
        await using var silo = await OrleansTestSilo.StartAsync(db.ConnectionString, "provider", "svc", "silo-1",
            s => s.AddAdoNetGrainStorage(DeletingStorage, o =>
            {
                o.Invariant = "Npgsql";
                o.ConnectionString = db.ConnectionString;
                o.DeleteStateOnClear = true;
            }));
        var storage = silo.Services.GetRequiredKeyedService<IGrainStorage>(OrleansTestSilo.StorageName);

        var type = GrainType.Create("test");
        var guid = Guid.Parse("0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0");
        GrainId[] ids =
        [
            GrainId.Create(type, GrainIdKeyExtensions.CreateIntegerKey(5)),
            GrainId.Create(type, GrainIdKeyExtensions.CreateIntegerKey(5, "x")),
            GrainId.Create(type, GrainIdKeyExtensions.CreateIntegerKey(-5)),
            GrainId.Create(type, GrainIdKeyExtensions.CreateGuidKey(guid)),
            GrainId.Create(type, GrainIdKeyExtensions.CreateGuidKey(guid, "x")),
            GrainId.Create(type, "five"),
            GrainId.Create(type, "key with ünïcödé and a long tail " + new string('k', 5000)),
        ];

        // Every identity gets its own row, for two state names each.
        var i = 0;
        foreach (var id in ids)
        {
            foreach (var stateName in new[] { "a", "b" })
            {
                var state = new GrainState<CounterState> { State = new CounterState { Value = ++i, Note = stateName } };
                await storage.WriteStateAsync(stateName, id, state);
                Assert.Equal("1", state.ETag);
                Assert.True(state.RecordExists);
            }
        }

        Assert.Equal(ids.Length * 2, (int)await db.ScalarAsync<long>("SELECT count(*) FROM OrleansStorage"));
        i = 0;
        foreach (var id in ids)
        {
            foreach (var stateName in new[] { "a", "b" })
            {
                var read = new GrainState<CounterState>();
                await storage.ReadStateAsync(stateName, id, read);
                Assert.Equal(++i, read.State!.Value);
                Assert.Equal(stateName, read.State!.Note);
                Assert.Equal("1", read.ETag);
                Assert.True(read.RecordExists);
            }
        }

        var target = ids[3];

        // A second "first write" (no etag) of an existing state is refused.
        await Assert.ThrowsAsync<InconsistentStateException>(() =>
            storage.WriteStateAsync("a", target, new GrainState<CounterState> { State = new CounterState { Value = -1 } }));

        var current = new GrainState<CounterState>();
        await storage.ReadStateAsync("a", target, current);
        current.State!.Value = 100;
        await storage.WriteStateAsync("a", target, current);
        Assert.Equal("2", current.ETag);

        // Writing or clearing with the old etag is refused and changes nothing.
        var stale = new GrainState<CounterState> { State = new CounterState { Value = -2 }, ETag = "1", RecordExists = true };
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("a", target, stale));
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.ClearStateAsync("a", target, stale));
        var check = new GrainState<CounterState>();
        await storage.ReadStateAsync("a", target, check);
        Assert.Equal(100, check.State!.Value);
        Assert.Equal("2", check.ETag);

        // Clear (keep the row): no state, a new version, and the next write continues from it.
        await storage.ClearStateAsync("a", target, current);
        Assert.Equal("3", current.ETag);
        Assert.False(current.RecordExists);
        var cleared = new GrainState<CounterState>();
        await storage.ReadStateAsync("a", target, cleared);
        Assert.False(cleared.RecordExists);
        Assert.Equal("3", cleared.ETag);
        Assert.Equal(0, cleared.State!.Value);
        cleared.State!.Value = 7;
        await storage.WriteStateAsync("a", target, cleared);
        Assert.Equal("4", cleared.ETag);

        // Reading a state that was never written: no record, no etag.
        var missing = new GrainState<CounterState>();
        await storage.ReadStateAsync("a", GrainId.Create(type, GrainIdKeyExtensions.CreateIntegerKey(999)), missing);
        Assert.False(missing.RecordExists);
        Assert.Null(missing.ETag);

        // DeleteStateOnClear: the row goes, the etag becomes null, and a first write starts again at 1.
        var deleting = silo.Services.GetRequiredKeyedService<IGrainStorage>(DeletingStorage);
        var doomed = new GrainState<CounterState>();
        await deleting.ReadStateAsync("b", target, doomed);
        Assert.Equal("1", doomed.ETag);
        await Assert.ThrowsAsync<InconsistentStateException>(() =>
            deleting.ClearStateAsync("b", target, new GrainState<CounterState> { ETag = "9", RecordExists = true }));
        await deleting.ClearStateAsync("b", target, doomed);
        Assert.Null(doomed.ETag);
        Assert.False(doomed.RecordExists);
        Assert.Equal(0L, await db.ScalarAsync<long>(
            "SELECT count(*) FROM OrleansStorage WHERE GrainTypeString = 'b' AND GrainIdN0 <> 0 AND GrainIdExtensionString IS NULL"));
        doomed.State = new CounterState { Value = 1 };
        await deleting.WriteStateAsync("b", target, doomed);
        Assert.Equal("1", doomed.ETag);

        // The other rows were never touched.
        Assert.Equal(ids.Length * 2, (int)await db.ScalarAsync<long>("SELECT count(*) FROM OrleansStorage"));
    }

    [Fact]
    public async Task HexLookingStringKeysAliasInTheProvider()
    {
        // Not our SQL: the provider maps a string key that parses as hex to an integer key (GrainId.TryGetIntegerKey),
        // so "ff" and "00FF" name the same state. Grains stored here should use keys that are not hex numbers.
        await using var db = await OrleansDatabase.CreateAsync(postgres);
        await using var silo = await OrleansTestSilo.StartAsync(db.ConnectionString, "alias", "svc", "silo-1");
        var storage = silo.Services.GetRequiredKeyedService<IGrainStorage>(OrleansTestSilo.StorageName);
        var type = GrainType.Create("test");

        await storage.WriteStateAsync("s", GrainId.Create(type, "ff"), new GrainState<CounterState> { State = new CounterState { Value = 255 } });
        var alias = new GrainState<CounterState>();
        await storage.ReadStateAsync("s", GrainId.Create(type, "00FF"), alias);
        Assert.True(alias.RecordExists);
        Assert.Equal(255, alias.State!.Value);
        var distinct = new GrainState<CounterState>();
        await storage.ReadStateAsync("s", GrainId.Create(type, "key-ff"), distinct);
        Assert.False(distinct.RecordExists);
    }

    [Fact]
    public async Task VersionWrapsInsteadOfOverflowing()
    {
        await using var db = await OrleansDatabase.CreateAsync(postgres);
        await using var silo = await OrleansTestSilo.StartAsync(db.ConnectionString, "wrap", "svc", "silo-1");
        var storage = silo.Services.GetRequiredKeyedService<IGrainStorage>(OrleansTestSilo.StorageName);
        var id = GrainId.Create(GrainType.Create("test"), GrainIdKeyExtensions.CreateIntegerKey(1));

        var state = new GrainState<CounterState> { State = new CounterState { Value = 1 } };
        await storage.WriteStateAsync("s", id, state);
        await db.ExecuteAsync("UPDATE OrleansStorage SET Version = 2147483647");
        state.ETag = "2147483647";
        await storage.WriteStateAsync("s", id, state);
        Assert.Equal("1", state.ETag);
    }
}
