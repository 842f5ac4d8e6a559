namespace GatoLink.Silo.Storage;

/// <summary>Chooses the provider from <see cref="StorageOptions"/>.</summary>
public static class StorageProviderFactory
{
    /// <summary>The SQLite file name inside <see cref="StorageOptions.DataDirectory"/>.</summary>
    public const string SqliteFileName = "gatolink.db";

    /// <summary>PostgreSQL when a connection string is set, else SQLite at <c>{DataDirectory}/gatolink.db</c> (directory created).</summary>
    public static SqlStorageProvider Create(StorageOptions options, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!string.IsNullOrWhiteSpace(options.PostgresConnectionString))
        {
            return new PostgresStorageProvider(options.PostgresConnectionString, timeProvider);
        }

        Directory.CreateDirectory(options.DataDirectory);
        return new SqliteStorageProvider(Path.Combine(options.DataDirectory, SqliteFileName), timeProvider);
    }
}
