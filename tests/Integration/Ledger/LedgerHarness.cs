using System.Data.Common;
using System.Globalization;
using GatoLink.Grains.Abstractions.Storage;
using GatoLink.Grains.Billing;
using GatoLink.Integration.Tests.Infrastructure;
using GatoLink.Integration.Tests.Storage;
using GatoLink.Silo.Ledger;
using GatoLink.Silo.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace GatoLink.Integration.Tests.Ledger;

/// <summary>A migrated database, its ledger store and a spool file; builds BillingGrains over them.</summary>
internal sealed class LedgerHarness : IAsyncDisposable
{
    private readonly TestStorage _storage;
    private readonly string _spoolDirectory = Path.Combine(Path.GetTempPath(), $"gatolink-spool-{Guid.NewGuid():N}");
    private readonly List<UsageSpool> _spools = [];

    private LedgerHarness(TestStorage storage)
    {
        _storage = storage;
        Store = storage.Provider switch
        {
            PostgresStorageProvider pg => new PostgresLedgerStore(pg.DataSource),
            var sql => new SqliteLedgerStore(sql),
        };
    }

    public ILedgerStore Store { get; }

    public SqlStorageProvider Provider => _storage.Provider;

    public string SpoolPath => Path.Combine(_spoolDirectory, LedgerServiceCollectionExtensions.SpoolFileName);

    public static async Task<LedgerHarness> CreateAsync(StorageKind kind, PostgresFixture postgres) =>
        new(await TestStorage.CreateAsync(kind, postgres));

    public UsageSpool OpenSpool()
    {
        var spool = new UsageSpool(SpoolPath);
        _spools.Add(spool);
        return spool;
    }

    public LedgerWriter Grain(UsageSpool spool, int queueCapacity = 10_000, int batchSize = 500, params IUsageObserver[] observers) =>
        new(Store, spool, observers, Options.Create(new LedgerOptions
        {
            QueueCapacity = queueCapacity,
            BatchSize = batchSize,
            MinBackoff = TimeSpan.FromMilliseconds(20),
            MaxBackoff = TimeSpan.FromMilliseconds(250),
        }), TimeProvider.System, NullLogger<LedgerWriter>.Instance);

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
        foreach (var spool in _spools)
        {
            spool.Dispose();
        }

        await _storage.DisposeAsync();
        if (Directory.Exists(_spoolDirectory))
        {
            Directory.Delete(_spoolDirectory, recursive: true);
        }
    }

    private static long Long(DbDataReader reader, int ordinal) => Convert.ToInt64(reader.GetValue(ordinal), CultureInfo.InvariantCulture);
}
