namespace GatoLink.Silo.Ledger;

/// <summary>Which database's SQL a ledger query is written in, where the two differ (JSON, dates).</summary>
internal enum LedgerSqlFlavor
{
    /// <summary>PostgreSQL: jsonb, timestamptz.</summary>
    Postgres,

    /// <summary>SQLite: JSON text, unix milliseconds.</summary>
    Sqlite,
}
