using GatoLink.Integration.Tests.Infrastructure;

namespace GatoLink.Integration.Tests.Cli;

/// <summary>
/// One real silo on loopback (SQLite) in front of one NodeSim node, shared by the CLI tests, and a way to run
/// gatolink-admin in-process against it with captured output.
/// </summary>
public sealed class CliSiloFixture : IAsyncLifetime
{
    private string _configDirectory = "";

    /// <summary>The node behind the silo.</summary>
    public SimNodes Nodes { get; private set; } = null!;

    /// <summary>The silo.</summary>
    public SiloHarness Silo { get; private set; } = null!;

    /// <summary>A config file path no test logs in to: commands run with URL and key from the environment.</summary>
    public string UnusedConfig => Path.Combine(_configDirectory, "unused", "config.json");

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        _configDirectory = Directory.CreateTempSubdirectory("gatolink-cli-").FullName;
        Nodes = await SimNodes.StartAsync(1, profile: "instant");
        Silo = await SiloHarness.StartAsync(Nodes.Urls);
    }

    /// <summary>A fresh config file path under the fixture's temp directory.</summary>
    public string NewConfigPath() => Path.Combine(_configDirectory, Guid.NewGuid().ToString("N"), "gatolink", "config.json");

    /// <summary>
    /// Runs gatolink-admin with <c>GATOLINK_URL</c> and <c>GATOLINK_ADMIN_KEY</c> set for this silo; entries in
    /// <paramref name="environment"/> replace those (null removes one).
    /// </summary>
    public Task<CliRun> RunAsync(params string[] args) => CliRun.InProcessAsync(args, Environment());

    /// <summary>Runs gatolink-admin with a changed environment and optional standard input.</summary>
    public Task<CliRun> RunWithAsync(IReadOnlyDictionary<string, string?> environment, string? input, params string[] args)
    {
        var env = Environment();
        foreach (var (name, value) in environment)
        {
            env[name] = value;
        }

        return CliRun.InProcessAsync(args, env, input);
    }

    /// <summary>The environment commands run in by default.</summary>
    public Dictionary<string, string?> Environment() => new(StringComparer.Ordinal)
    {
        ["GATOLINK_URL"] = Silo.BaseUrl.ToString(),
        ["GATOLINK_ADMIN_KEY"] = Silo.AdminKey,
        ["GATOLINK_CONFIG"] = UnusedConfig,
    };

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        await Silo.DisposeAsync();
        await Nodes.DisposeAsync();
        Directory.Delete(_configDirectory, recursive: true);
    }
}
