using System.Data.Common;
using Npgsql;

namespace GatoLink.Silo.Storage;

/// <summary>Tells a connection PostgreSQL closed (restart, shutdown, network) from a statement's own error.</summary>
public static class PostgresBrokenConnections
{
    /// <summary>
    /// True when <paramref name="exception"/> is transient by Npgsql's judgement (an I/O failure, or the server's
    /// 57P0x/08xxx/53xxx), after dropping <paramref name="dataSource"/>'s idle connections, which are as dead.
    /// </summary>
    public static bool Forget(NpgsqlDataSource dataSource, DbException exception)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        if (exception is not NpgsqlException { IsTransient: true })
        {
            return false;
        }

        dataSource.Clear();
        return true;
    }
}
