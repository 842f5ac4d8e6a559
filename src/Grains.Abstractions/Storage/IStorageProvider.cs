using GatoLink.Grains.Abstractions.Alerts;
using GatoLink.Grains.Abstractions.Invoices;
using GatoLink.Grains.Abstractions.Plans;
using GatoLink.Grains.Abstractions.Wallets;

namespace GatoLink.Grains.Abstractions.Storage;

/// <summary>Which database holds the state.</summary>
public enum StorageKind
{
    /// <summary>Embedded, one silo.</summary>
    Sqlite,
    /// <summary>Shared by a cluster of silos.</summary>
    PostgreSql,
}

/// <summary>A storage backend: applies migrations and hands out the stores.</summary>
public interface IStorageProvider
{
    /// <summary>The backend kind.</summary>
    StorageKind Kind { get; }

    /// <summary>Applies pending migrations in order, recording each; idempotent and safe for concurrent silos.</summary>
    Task MigrateAsync(CancellationToken ct);

    /// <summary>True when the database answers a trivial query.</summary>
    Task<bool> PingAsync(CancellationToken ct);

    /// <summary>Tenants.</summary>
    ITenantStore Tenants { get; }

    /// <summary>API keys.</summary>
    IApiKeyStore ApiKeys { get; }

    /// <summary>Models and prices.</summary>
    IModelStore Models { get; }

    /// <summary>GPU nodes.</summary>
    INodeStore Nodes { get; }

    /// <summary>Alert rules of keys and tenants.</summary>
    IAlertRuleStore AlertRules { get; }

    /// <summary>The outbox of outgoing events.</summary>
    IOutbox Outbox { get; }

    /// <summary>Webhooks and their deliveries.</summary>
    IWebhookStore Webhooks { get; }

    /// <summary>Billing plans.</summary>
    IPlanStore Plans { get; }

    /// <summary>Credit notes of finalized invoices.</summary>
    ICreditNoteStore CreditNotes { get; }

    /// <summary>Prepaid wallets' transactions.</summary>
    IWalletStore Wallets { get; }

    /// <summary>Finalized invoices and the ledger usage they bill.</summary>
    IInvoiceStore Invoices { get; }
}
