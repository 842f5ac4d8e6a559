using System.Data.Common;

namespace GatoLink.Silo.Storage;

/// <summary>Opens connections to the silo's database, for features that run their own SQL (ledger, leases).</summary>
public interface IStorageConnectionFactory
{
    /// <summary>An open connection with the provider's session settings applied; the caller disposes it.</summary>
    ValueTask<DbConnection> OpenConnectionAsync(CancellationToken ct);

    /// <summary>
    /// Whether <paramref name="exception"/> says the connection was dead before use (the server restarted), in which
    /// case the pool's idle connections are dropped and an idempotent read may run once more (<see cref="IdempotentReads"/>).
    /// </summary>
    bool ForgetIfBroken(DbException exception) => false;
}
