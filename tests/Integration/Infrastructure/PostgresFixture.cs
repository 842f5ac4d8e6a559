using System.Diagnostics;
using Npgsql;

namespace GatoLink.Integration.Tests.Infrastructure;

/// <summary>
/// One PostgreSQL for the whole test run. <c>GATOLINK_TEST_PG</c> names a server where the user may CREATE DATABASE;
/// without it, CI (<c>CI=true</c>) fails, and a developer machine gets a throwaway cluster (initdb in a temp dir,
/// random port, fsync off) that is stopped and deleted on dispose.
/// </summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    /// <summary>Connection string of a server where the user may create databases.</summary>
    public const string ConnectionStringVariable = "GATOLINK_TEST_PG";

    /// <summary>Data directory of the external server, to let tests stop and start it with pg_ctl.</summary>
    public const string DataDirectoryVariable = "GATOLINK_TEST_PG_CTL_DATA";

    /// <summary>Where PostgreSQL's server programs live (<see cref="PostgresBinaries"/>), whatever the version.</summary>
    public static string BinDirectory { get; } = PostgresBinaries.Find() ?? "/usr/lib/postgresql/NOT-FOUND/bin";

    private string? _tempDirectory;
    private string? _dataDirectory;
    private string? _adminConnectionString;

    /// <summary>Connection string of the server's <c>postgres</c> database (for creating databases).</summary>
    public string AdminConnectionString =>
        _adminConnectionString ?? throw new InvalidOperationException("The PostgreSQL fixture is not initialised.");

    /// <summary>True when this fixture may stop and start the server (it started it, or GATOLINK_TEST_PG_CTL_DATA is set).</summary>
    public bool CanControlServer => _dataDirectory is not null;

    /// <summary>True when the fixture started its own throwaway cluster.</summary>
    public bool OwnsServer => _tempDirectory is not null;

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        var external = Environment.GetEnvironmentVariable(ConnectionStringVariable);
        if (!string.IsNullOrWhiteSpace(external))
        {
            _adminConnectionString = external;
            _dataDirectory = NullIfBlank(Environment.GetEnvironmentVariable(DataDirectoryVariable));
            await EnsureReachableAsync();
            return;
        }

        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException(
                $"{ConnectionStringVariable} is not set. On CI the storage tests need a PostgreSQL connection string " +
                "whose user may CREATE DATABASE; they are never skipped.");
        }

        await StartThrowawayClusterAsync();
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (_tempDirectory is null)
        {
            return;
        }

        if (_dataDirectory is not null)
        {
            await PgCtlAsync("-D", _dataDirectory, "-m", "immediate", "-w", "stop");
        }

        Directory.Delete(_tempDirectory, recursive: true);
    }

    /// <summary>Creates a fresh, uniquely named database and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = $"gatolink_test_{Guid.NewGuid():N}";
        await using (var connection = new NpgsqlConnection(AdminConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = name }.ConnectionString;
    }

    /// <summary>Stops the server (<c>pg_ctl -m fast -w stop</c>); open connections break.</summary>
    public Task StopServerAsync() =>
        PgCtlAsync("-D", RequireDataDirectory(), "-m", "fast", "-w", "stop");

    /// <summary>Starts the server again (<c>pg_ctl -w start</c>) and waits until it accepts connections.</summary>
    public async Task StartServerAsync()
    {
        var data = RequireDataDirectory();
        await PgCtlAsync("-D", data, "-l", Path.Combine(data, "gatolink-test.log"), "-w", "start");
        NpgsqlConnection.ClearAllPools();
        await EnsureReachableAsync();
    }

    private async Task StartThrowawayClusterAsync()
    {
        var initdb = Path.Combine(BinDirectory, "initdb");
        if (!File.Exists(initdb))
        {
            throw new InvalidOperationException(
                $"Cannot start a throwaway PostgreSQL: no initdb (looked in {PostgresBinaries.Variable}, /usr/lib/postgresql/*/bin and PATH). " +
                $"Install PostgreSQL (.ci/setup, or apt-get install -y postgresql) or set {ConnectionStringVariable}.");
        }

        _tempDirectory = Directory.CreateTempSubdirectory("gatolink-pg-").FullName;
        var data = Path.Combine(_tempDirectory, "data");
        var port = LoopbackPorts.Free();
        if (IsRoot)
        {
            // initdb refuses to run as root: the cluster belongs to the postgres user.
            await RunAsync("chown", "postgres", _tempDirectory);
        }

        await RunAsPostgresAsync(initdb, "-D", data, "-U", "postgres", "-A", "trust", "--no-sync");
        await File.AppendAllTextAsync(Path.Combine(data, "postgresql.conf"), $"""

            listen_addresses = '127.0.0.1'
            port = {port}
            unix_socket_directories = '{_tempDirectory}'
            fsync = off
            synchronous_commit = off
            full_page_writes = off
            max_connections = 200

            """);
        _dataDirectory = data;
        await PgCtlAsync("-D", data, "-l", Path.Combine(_tempDirectory, "log"), "-w", "start");
        _adminConnectionString = new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = port,
            Username = "postgres",
            Database = "postgres",
        }.ConnectionString;
        await EnsureReachableAsync();
    }

    private async Task EnsureReachableAsync()
    {
        try
        {
            await using var connection = new NpgsqlConnection(AdminConnectionString);
            await connection.OpenAsync();
        }
        catch (NpgsqlException ex)
        {
            throw new InvalidOperationException($"PostgreSQL for the tests does not answer: {ex.Message}", ex);
        }
    }

    private string RequireDataDirectory() => _dataDirectory ?? throw new InvalidOperationException(
        $"This fixture cannot control the server: it did not start it and {DataDirectoryVariable} is not set.");

    private static Task PgCtlAsync(params string[] arguments) =>
        RunAsPostgresAsync(Path.Combine(BinDirectory, "pg_ctl"), arguments);

    private static Task RunAsPostgresAsync(string program, params string[] arguments) =>
        IsRoot ? RunAsync("runuser", ["-u", "postgres", "--", program, .. arguments]) : RunAsync(program, arguments);

    private static async Task RunAsync(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Cannot start {program}.");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{program} {string.Join(' ', arguments)} exited with {process.ExitCode}: {await stderr}{await stdout}");
        }
    }

    private static bool IsRoot => OperatingSystem.IsLinux() && Environment.UserName == "root";

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
