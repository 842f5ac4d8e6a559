using GatoLink.Grains.Abstractions.Usage;
using GatoLink.Grains.Billing;
using GatoLink.Integration.Tests.Infrastructure;
using GatoLink.Silo.Ledger;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using OpenAI.Chat;

namespace GatoLink.Integration.Tests.Ledger;

/// <summary>
/// Through the real Orleans stream on PostgreSQL: a billing grain whose ledger write commits and then fails (as a
/// consumer that dies after the commit) gets the batch again, and the ledger counts nothing twice.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class StreamRedeliveryTests(PostgresFixture pg)
{
    [Fact]
    public async Task ABatchRedeliveredAfterItsLedgerCommitIsCountedOnceInRowsAndRollups()
    {
        var database = await pg.CreateDatabaseAsync();
        await using var nodes = await SimNodes.StartAsync(1, "instant");
        var faulty = new FailingAfterCommit(failures: 2);
        await using var silo = await SiloHarness.StartAsync(nodes.Urls, postgres: database, configureServices: s =>
            s.AddSingleton<IUsageLedger>(sp => faulty.Over(sp.GetRequiredService<ILedgerStore>())));
        var key = await silo.CreateUserKeyAsync();
        var chat = silo.OpenAi(key).GetChatClient("demo-8b");

        const int Requests = 20;
        long completion = 0;
        for (var i = 0; i < Requests; i++)
        {
            var answer = await chat.CompleteChatAsync([new UserChatMessage($"count {i}")], new ChatCompletionOptions { MaxOutputTokenCount = 5 });
            completion += answer.Value.Usage.OutputTokenCount;
        }

        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (await ScalarAsync(connection, "SELECT count(*) FROM usage_events", deadline.Token) < Requests || faulty.Failed < 2)
        {
            await Task.Delay(100, deadline.Token);
        }

        // Let any further redelivery land before counting.
        await Task.Delay(1000, deadline.Token);
        Assert.Equal(2, faulty.Failed);
        Assert.Equal(Requests, await ScalarAsync(connection, "SELECT count(*) FROM usage_events", deadline.Token));
        Assert.Equal(0, await ScalarAsync(connection, "SELECT count(*) FROM (SELECT 1 FROM usage_events GROUP BY request_id, attempt HAVING count(*) > 1) d", deadline.Token));
        Assert.Equal(Requests, await ScalarAsync(connection, "SELECT coalesce(sum(requests), 0) FROM usage_daily", deadline.Token));
        Assert.Equal(completion, await ScalarAsync(connection, "SELECT coalesce(sum(completion_tokens), 0) FROM usage_daily", deadline.Token));
    }

    private static async Task<long> ScalarAsync(NpgsqlConnection connection, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The real ledger, whose first writes commit and then throw, as a consumer dying after the commit.</summary>
    private sealed class FailingAfterCommit(int failures)
    {
        private int _left = failures;
        private int _failed;

        public int Failed => Volatile.Read(ref _failed);

        public IUsageLedger Over(IUsageLedger ledger) => new Ledger(this, ledger);

        private sealed class Ledger(FailingAfterCommit owner, IUsageLedger inner) : IUsageLedger
        {
            public async Task<IReadOnlyList<UsageEvent>> WriteAsync(IReadOnlyList<UsageEvent> batch, CancellationToken ct)
            {
                var inserted = await inner.WriteAsync(batch, ct);
                if (inserted.Count > 0 && Interlocked.Decrement(ref owner._left) >= 0)
                {
                    Interlocked.Increment(ref owner._failed);
                    throw new InvalidOperationException("The consumer died after the ledger committed.");
                }

                return inserted;
            }
        }
    }
}
