using System.Data.Common;
using System.Globalization;
using GatoLink.Gateway;
using GatoLink.Grains.Abstractions.Storage;
using GatoLink.Grains.Billing;
using GatoLink.Integration.Tests.Infrastructure;
using GatoLink.Integration.Tests.Storage;
using GatoLink.Silo.Ledger;
using GatoLink.Silo.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace GatoLink.Integration.Tests.Ledger;

/// <summary>A migrated database, its ledger store and a spool file; builds the silo's usage path over them without a silo.</summary>
internal sealed class LedgerHarness : IAsyncDisposable
{
    private readonly TestStorage _storage;
    private readonly string _spoolDirectory = Path.Combine(Path.GetTempPath(), $"gatolink-spool-{Guid.NewGuid():N}");
    private readonly List<UsageSpool> _spools = [];
    private readonly List<StreamStandIn> _streams = [];

    private LedgerHarness(TestStorage storage)
    {
        _storage = storage;
        Store = storage.Provider switch
        {
            PostgresStorageProvider pg => new PostgresLedgerStore(pg.DataSource),
            SqliteStorageProvider sqlite => new SqliteLedgerStore(sqlite),
            var other => throw new InvalidOperationException($"No ledger store for {other.GetType().Name}."),
        };
    }

    public ILedgerStore Store { get; }

    public SqlStorageProvider Provider => _storage.Provider;

    public string SpoolPath => Path.Combine(_spoolDirectory, LedgerServiceCollectionExtensions.SpoolFileName);

    public static async Task<LedgerHarness> CreateAsync(StorageKind kind, PostgresFixture postgres) =>
        new(await TestStorage.CreateAsync(kind, postgres));

    public UsageSpool OpenSpool(long? maxBytes = null)
    {
        var spool = new UsageSpool(SpoolPath, TimeProvider.System, maxBytes);
        _spools.Add(spool);
        return spool;
    }

    /// <summary>The stream and billing grain stand-in, writing to this harness's ledger.</summary>
    public StreamStandIn Stream(params IUsageObserver[] observers)
    {
        var stream = new StreamStandIn(new UsageBilling(Store, observers, TimeProvider.System, NullLogger.Instance));
        _streams.Add(stream);
        return stream;
    }

    /// <summary>A silo's usage path (spool → stream → ledger) over <paramref name="spool"/> and <paramref name="stream"/>.</summary>
    public static UsageForwarder Forwarder(UsageSpool spool, IUsageBatchPublisher stream, int batchSize = 500, TimeSpan? ackTimeout = null, params IUsageObserver[] observers) =>
        new(spool, stream, observers, Options.Create(new LedgerOptions
        {
            BatchSize = batchSize,
            MinBackoff = TimeSpan.FromMilliseconds(20),
            MaxBackoff = TimeSpan.FromMilliseconds(250),
            PublishInterval = TimeSpan.FromMilliseconds(2),
            AckTimeout = ackTimeout ?? TimeSpan.FromMinutes(2),
            StopTimeout = TimeSpan.FromSeconds(2),
        }), Options.Create(new GatewayOptions { SiloId = "silo-test" }), TimeProvider.System, NullLogger<UsageForwarder>.Instance);

    /// <summary>(rows, distinct event ids) in usage_events.</summary>
    public async Task<(long Rows, long Distinct)> CountAsync()
    {
        await using var connection = await Provider.OpenConnectionAsync(CancellationToken.None);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*), COUNT(DISTINCT event_id) FROM usage_events";
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (Long(reader, 0), Long(reader, 1));
    }

    /// <summary>Sums straight from the raw rows: (prompt, completion, cost).</summary>
    public async Task<(long Prompt, long Completion, long Cost)> RawSumsAsync()
    {
        await using var connection = await Provider.OpenConnectionAsync(CancellationToken.None);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COALESCE(SUM(prompt_tokens), 0), COALESCE(SUM(completion_tokens), 0), COALESCE(SUM(cost_micros), 0) FROM usage_events";
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (Long(reader, 0), Long(reader, 1), Long(reader, 2));
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var stream in _streams)
        {
            await stream.DisposeAsync();
        }

        foreach (var spool in _spools)
        {
            await spool.DisposeAsync();
        }

        await _storage.DisposeAsync();
        if (Directory.Exists(_spoolDirectory))
        {
            Directory.Delete(_spoolDirectory, recursive: true);
        }
    }

    private static long Long(DbDataReader reader, int ordinal) => Convert.ToInt64(reader.GetValue(ordinal), CultureInfo.InvariantCulture);
}
