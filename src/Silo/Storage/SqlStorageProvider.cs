using System.Data.Common;
using GatoLink.Grains.Abstractions.Alerts;
using GatoLink.Grains.Abstractions.Invoices;
using GatoLink.Grains.Abstractions.Plans;
using GatoLink.Grains.Abstractions.Wallets;
using GatoLink.Grains.Abstractions.Storage;
using GatoLink.Silo.Storage.Migrations;
using GatoLink.Silo.Storage.Sql;

namespace GatoLink.Silo.Storage;

/// <summary>
/// The shared half of both providers: the stores (same SQL for both databases, values shaped by a dialect)
/// and the migration loop. Each migration runs in its own transaction under a lock, so concurrent silos
/// apply it exactly once.
/// </summary>
public abstract class SqlStorageProvider : IStorageProvider, IStorageConnectionFactory, IAsyncDisposable
{
    private readonly TimeProvider _timeProvider;

    private protected SqlStorageProvider(SqlDialect dialect, TimeProvider timeProvider)
    {
        _timeProvider = timeProvider;
        var executor = new SqlExecutor(this, dialect);
        Dialect = dialect;
        Tenants = new SqlTenantStore(executor);
        ApiKeys = new SqlApiKeyStore(executor);
        Models = new SqlModelStore(executor);
        Nodes = new SqlNodeStore(executor);
        AlertRules = new SqlAlertRuleStore(executor);
        Outbox = new SqlOutbox(executor);
        Webhooks = new SqlWebhookStore(executor);
        Plans = new SqlPlanStore(executor);
        Wallets = new SqlWalletStore(executor);
        Invoices = new SqlInvoiceStore(executor);
        CreditNotes = new SqlCreditNoteStore(executor);
    }

    /// <inheritdoc />
    public abstract StorageKind Kind { get; }

    /// <inheritdoc />
    public ITenantStore Tenants { get; }

    /// <inheritdoc />
    public IApiKeyStore ApiKeys { get; }

    /// <inheritdoc />
    public IModelStore Models { get; }

    /// <inheritdoc />
    public INodeStore Nodes { get; }

    /// <inheritdoc />
    public IAlertRuleStore AlertRules { get; }

    /// <inheritdoc />
    public IOutbox Outbox { get; }

    /// <inheritdoc />
    public IWebhookStore Webhooks { get; }

    /// <inheritdoc />
    public IPlanStore Plans { get; }

    /// <inheritdoc />
    public IWalletStore Wallets { get; }

    /// <inheritdoc />
    public IInvoiceStore Invoices { get; }

    /// <inheritdoc />
    public ICreditNoteStore CreditNotes { get; }

    private protected SqlDialect Dialect { get; }

    /// <summary>CREATE TABLE IF NOT EXISTS schema_migrations(version, name, applied_at) in this database's types.</summary>
    private protected abstract string MigrationsTableSql { get; }

    /// <inheritdoc />
    public abstract ValueTask<DbConnection> OpenConnectionAsync(CancellationToken ct);

    /// <inheritdoc />
    public virtual bool ForgetIfBroken(DbException exception) => false;

    /// <inheritdoc />
    public async Task MigrateAsync(CancellationToken ct)
    {
        await using var connection = await OpenConnectionAsync(ct);
        foreach (var script in MigrationCatalog.Load(Kind))
        {
            await using var transaction = await connection.BeginTransactionAsync(ct);
            await LockForMigrationAsync(connection, transaction, ct);
            await ExecuteAsync(connection, transaction, MigrationsTableSql, ct);
            if (!await IsAppliedAsync(connection, transaction, script.Version, ct))
            {
                await ExecuteAsync(connection, transaction, script.Sql, ct);
                await using var record = Command(connection, transaction,
                    "INSERT INTO schema_migrations (version, name, applied_at) VALUES (@version, @name, @applied_at)");
                SqlDialect.Add(record, "version", script.Version);
                SqlDialect.Add(record, "name", script.Name);
                SqlDialect.Add(record, "applied_at", Dialect.TimeValue(_timeProvider.GetUtcNow()));
                await record.ExecuteNonQueryAsync(ct);
            }

            await transaction.CommitAsync(ct);
        }
    }

    /// <inheritdoc />
    public async Task<bool> PingAsync(CancellationToken ct)
    {
        try
        {
            await using var connection = await OpenConnectionAsync(ct);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT 1";
            return Convert.ToInt64(await command.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture) == 1;
        }
        catch (DbException)
        {
            // A health probe answers "down" rather than throwing; the cause is the caller's to log from its own checks.
            return false;
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await DisposeAsyncCore();
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases the provider's pool or data source.</summary>
    protected abstract ValueTask DisposeAsyncCore();

    /// <summary>Serialises migrators in the open transaction (beyond what the transaction itself gives).</summary>
    private protected abstract Task LockForMigrationAsync(DbConnection connection, DbTransaction transaction, CancellationToken ct);

    private protected static DbCommand Command(DbConnection connection, DbTransaction transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }

    private protected static async Task ExecuteAsync(DbConnection connection, DbTransaction transaction, string sql, CancellationToken ct)
    {
        await using var command = Command(connection, transaction, sql);
        await command.ExecuteNonQueryAsync(ct);
    }

    private static async Task<bool> IsAppliedAsync(DbConnection connection, DbTransaction transaction, int version, CancellationToken ct)
    {
        await using var command = Command(connection, transaction, "SELECT COUNT(*) FROM schema_migrations WHERE version = @version");
        SqlDialect.Add(command, "version", version);
        return Convert.ToInt64(await command.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture) > 0;
    }
}
