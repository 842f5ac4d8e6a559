namespace GatoLink.Silo.Storage;

/// <summary>Where the silo keeps its durable state.</summary>
public sealed class StorageOptions
{
    /// <summary>The configuration section (environment: <c>GATOLINK_POSTGRES</c> maps to <see cref="PostgresConnectionString"/>).</summary>
    public const string SectionName = "Storage";

    /// <summary>The environment variable the host binds to <see cref="PostgresConnectionString"/>.</summary>
    public const string PostgresEnvironmentVariable = "GATOLINK_POSTGRES";

    /// <summary>PostgreSQL connection string; when set the silo uses PostgreSQL, else embedded SQLite.</summary>
    public string? PostgresConnectionString { get; set; }

    /// <summary>Directory of the SQLite file <c>gatolink.db</c>; created when missing.</summary>
    public string DataDirectory { get; set; } = "./data";
}
