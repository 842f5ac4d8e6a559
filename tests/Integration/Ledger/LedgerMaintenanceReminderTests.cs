using GatoLink.Integration.Tests.Infrastructure;
using GatoLink.Silo.Ledger;
using Npgsql;

namespace GatoLink.Integration.Tests.Ledger;

/// <summary>Ledger maintenance runs on one Orleans reminder for the whole cluster, not on a loop per silo.</summary>
[Collection(PostgresCollection.Name)]
public sealed class LedgerMaintenanceReminderTests(PostgresFixture pg)
{
    [Fact]
    public async Task TwoSilosRegisterOneReminderAndItCreatesThePartitionsAhead()
    {
        var database = await pg.CreateDatabaseAsync();
        await using var first = await SiloHarness.StartAsync(postgres: database);
        await using var second = await SiloHarness.StartAsync(postgres: database, adminKey: first.AdminKey);

        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        // Both silos asked for it at start; the reminders table holds it once for the cluster.
        var reminders = await Eventually.ScalarAsync(connection,
            $"SELECT count(*) FROM OrleansRemindersTable WHERE ReminderName = '{LedgerMaintenanceGrain.ReminderName}'", n => n >= 1);
        Assert.Equal(1, reminders);

        // Its first run prepared next month's partition of the raw ledger.
        var next = DateTime.UtcNow.AddMonths(1);
        var partitions = await Eventually.ScalarAsync(connection,
            $"SELECT count(*) FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE c.relname = 'usage_events_p{next:yyyyMM}'", n => n >= 1);
        Assert.Equal(1, partitions);
    }

    private static class Eventually
    {
        public static async Task<long> ScalarAsync(NpgsqlConnection connection, string sql, Func<long, bool> done)
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            while (true)
            {
                await using var command = new NpgsqlCommand(sql, connection);
                var value = Convert.ToInt64(await command.ExecuteScalarAsync(cts.Token), System.Globalization.CultureInfo.InvariantCulture);
                if (done(value))
                {
                    return value;
                }

                await Task.Delay(100, cts.Token);
            }
        }
    }
}
