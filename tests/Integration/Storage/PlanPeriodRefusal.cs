using System.Data.Common;

namespace GatoLink.Integration.Tests.Storage;

/// <summary>
/// Makes the database itself refuse every write of a tenant plan period (a trigger that raises), so that a test sees
/// what a failure halfway through a plan change leaves behind; <see cref="LiftAsync"/> takes the trigger away.
/// </summary>
internal static class PlanPeriodRefusal
{
    private const string PostgresInstall = """
        CREATE FUNCTION refuse_plan_period() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'plan periods refused by the test'; END $$;
        CREATE TRIGGER refuse_plan_period BEFORE INSERT OR UPDATE ON tenant_plan_periods FOR EACH ROW EXECUTE FUNCTION refuse_plan_period();
        """;

    private const string SqliteInstall =
        "CREATE TRIGGER refuse_plan_period BEFORE INSERT ON tenant_plan_periods BEGIN SELECT RAISE(ABORT, 'plan periods refused by the test'); END;";

    /// <summary>From now on, writing a plan period fails in the database.</summary>
    public static Task InstallAsync(DbConnection connection, bool postgres) =>
        RunAsync(connection, postgres ? PostgresInstall : SqliteInstall);

    /// <summary>Plan periods are written again.</summary>
    public static Task LiftAsync(DbConnection connection, bool postgres) =>
        RunAsync(connection, postgres ? "DROP TRIGGER refuse_plan_period ON tenant_plan_periods" : "DROP TRIGGER refuse_plan_period");

    private static async Task RunAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}
