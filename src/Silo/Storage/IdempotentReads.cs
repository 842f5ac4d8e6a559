using System.Data.Common;

namespace GatoLink.Silo.Storage;

/// <summary>
/// Runs a read once more when its pooled connection turned out dead before use: after PostgreSQL restarts, every idle
/// connection in the pool is closed on the server's side and the first read on each fails. A read is idempotent, so
/// trying again on a fresh connection (the dead ones dropped) is safe; a second failure goes on to the caller (503).
/// </summary>
public static class IdempotentReads
{
    /// <summary>Runs <paramref name="read"/>; once more if <paramref name="forgetIfBroken"/> says the connection was dead (and dropped the pool's idle ones).</summary>
    public static async Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> read, Func<DbException, bool> forgetIfBroken, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(read);
        ArgumentNullException.ThrowIfNull(forgetIfBroken);
        try
        {
            return await read(ct);
        }
        catch (DbException ex) when (!ct.IsCancellationRequested && forgetIfBroken(ex))
        {
            return await read(ct);
        }
    }
}
