using GatoLink.Grains.Abstractions.Storage;
using GatoLink.Integration.Tests.Infrastructure;
using GatoLink.Silo.Ledger;

namespace GatoLink.Integration.Tests.Ledger;

/// <summary>The SQLite ledger's kept connection: its commit setting stays its own, and a failed batch does not poison the next.</summary>
[Collection(PostgresCollection.Name)]
public sealed class SqliteLedgerWriterTests(PostgresFixture postgres)
{
    private static readonly DateTimeOffset At = new(2026, 11, 22, 1, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task ThePoolsConnectionsStillCommitWithFullSyncAfterTheLedgerWroteWithNormal()
    {
        await using var harness = await LedgerHarness.CreateAsync(StorageKind.Sqlite, postgres);
        Assert.Equal(20, (await harness.Store.WriteAsync(LedgerSamples.Events(20, At), CancellationToken.None)).Count);

        for (var i = 0; i < 3; i++)
        {
            await using var pooled = await harness.Provider.OpenConnectionAsync(CancellationToken.None);
            await using var command = pooled.CreateCommand();
            command.CommandText = "PRAGMA synchronous;";
            // 2 is FULL: the ledger's NORMAL never reaches a connection another write takes from the pool.
            Assert.Equal(2L, Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    [Fact]
    public async Task ABatchThatFailsMidWayKeepsNothingAndTheNextBatchIsWritten()
    {
        await using var harness = await LedgerHarness.CreateAsync(StorageKind.Sqlite, postgres);
        var events = LedgerSamples.Events(10, At);
        Assert.Equal(5, (await harness.Store.WriteAsync(events[..5], CancellationToken.None)).Count);

        // A row that cannot be written (no model) fails the batch mid-way, two rows in: nothing of it is kept.
        var refused = events[5..].Select((e, i) => i == 2 ? e with { Model = null! } : e).ToList();
        await Assert.ThrowsAsync<InvalidOperationException>(() => harness.Store.WriteAsync(refused, CancellationToken.None));
        Assert.Equal((5L, 5L), await harness.CountAsync());

        // The same events, mended, are written on the next connection, and the first five are not written twice.
        Assert.Equal(5, (await harness.Store.WriteAsync(events, CancellationToken.None)).Count);
        Assert.Equal((10L, 10L), await harness.CountAsync());
    }
}
