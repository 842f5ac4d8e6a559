using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using GatoLink.Cli.Hosting;

namespace GatoLink.Integration.Tests.Cli;

/// <summary>The built tool as a separate process: exit codes, clean errors, exact bytes.</summary>
[Collection(CliCollection.Name)]
public sealed class ProcessTests(CliSiloFixture fixture)
{
    [Fact]
    public async Task TenantsCreateWithJsonOutputAgainstARunningSilo()
    {
        var (code, stdout, stderr) = await CliProcess.RunAsync(Silo(), "tenants", "create", "--name", "acme", "--output", "json");

        Assert.True(code == ExitCodes.Success, stderr);
        var tenant = JsonNode.Parse(stdout)!;
        Assert.Equal("acme", (string)tenant["name"]!);
        Assert.True(Guid.TryParse((string)tenant["id"]!, out _));
        Assert.Equal(string.Empty, stderr);
        Assert.DoesNotContain((byte)0x1b, stdout);
    }

    [Fact]
    public async Task AnUnreachableSiloExitsOneWithOneLineAndNoStackTrace()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        var (code, stdout, stderr) = await CliProcess.RunAsync(
            new Dictionary<string, string?> { ["GATOLINK_URL"] = $"http://127.0.0.1:{port}", ["GATOLINK_ADMIN_KEY"] = "gl-anything" }, "tenants", "list");

        Assert.Equal(ExitCodes.Failed, code);
        Assert.Empty(stdout);
        Assert.StartsWith($"error: cannot reach the silo at http://127.0.0.1:{port}/", stderr, StringComparison.Ordinal);
        Assert.Single(stderr.TrimEnd('\n').Split('\n'));
        Assert.DoesNotContain("Exception", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ABadKeyExitsOneWithOneLine()
    {
        var env = Silo();
        env["GATOLINK_ADMIN_KEY"] = "gl-not-a-real-key";

        var (code, _, stderr) = await CliProcess.RunAsync(env, "nodes", "list");

        Assert.Equal(ExitCodes.Failed, code);
        Assert.StartsWith("error: the silo refused the admin key (401)", stderr, StringComparison.Ordinal);
        Assert.Single(stderr.TrimEnd('\n').Split('\n'));
        Assert.DoesNotContain("gl-not-a-real-key", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AUsageErrorExitsTwo()
    {
        var (code, stdout, stderr) = await CliProcess.RunAsync(Silo(), "tenants", "create");

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Empty(stdout);
        Assert.Contains("--name", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CsvOnStandardOutputIsByteForByteTheApisCsv()
    {
        var api = await fixture.Silo.Admin.GetByteArrayAsync("admin/usage?group_by=model&format=csv");

        var (code, stdout, stderr) = await CliProcess.RunAsync(Silo(), "usage", "--group-by", "model", "--format", "csv");

        Assert.True(code == ExitCodes.Success, stderr);
        Assert.Equal(api, stdout);
        Assert.Contains("\r\n", Encoding.UTF8.GetString(stdout), StringComparison.Ordinal);
    }

    [Fact]
    public async Task HelpExitsZeroWithExamples()
    {
        var (code, stdout, _) = await CliProcess.RunAsync(new Dictionary<string, string?>(), "keys", "rotate", "--help");

        Assert.Equal(ExitCodes.Success, code);
        var text = Encoding.UTF8.GetString(stdout);
        Assert.Contains("gatolink-admin keys rotate", text, StringComparison.Ordinal);
        Assert.Contains("Examples:", text, StringComparison.Ordinal);
    }

    private Dictionary<string, string?> Silo() => new()
    {
        ["GATOLINK_URL"] = fixture.Silo.BaseUrl.ToString(),
        ["GATOLINK_ADMIN_KEY"] = fixture.Silo.AdminKey,
        ["GATOLINK_CONFIG"] = fixture.UnusedConfig,
    };
}
