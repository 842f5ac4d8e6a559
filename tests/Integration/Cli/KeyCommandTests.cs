using System.Net;
using GatoLink.Cli.Hosting;
using GatoLink.Cli.Output;

namespace GatoLink.Integration.Tests.Cli;

[Collection(CliCollection.Name)]
public sealed class KeyCommandTests(CliSiloFixture fixture)
{
    [Fact]
    public async Task CreatePrintsTheSecretOnceOnAMarkedLineAndTheSecretWorks()
    {
        var tenant = await fixture.Silo.CreateTenantAsync("keys-create");

        var run = (await fixture.RunAsync("keys", "create", "--tenant", tenant.ToString(), "--name", "ci", "--rpm", "60", "--allow-model", "demo-8b")).Succeeded();

        var secretLine = Assert.Single(run.Stdout.Split('\n'), l => l.StartsWith(Renderer.SecretMarker, StringComparison.Ordinal));
        var secret = secretLine[(Renderer.SecretMarker.Length + 1)..].Trim();
        run.ShowsSecretOnceOnMarkedLine(secret);
        Assert.Contains("demo-8b", run.Stdout, StringComparison.Ordinal);
        Assert.Equal(string.Empty, run.Stderr);
        using var client = fixture.Silo.Http(secret);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("v1/models")).StatusCode);
    }

    [Fact]
    public async Task CreateWithJsonOutputCarriesTheSecretOnlyInTheKeyField()
    {
        var tenant = await fixture.Silo.CreateTenantAsync("keys-json");

        var run = (await fixture.RunAsync("keys", "create", "--tenant", tenant.ToString(), "--role", "tenant_admin", "-o", "json")).Succeeded();

        var key = run.Json.AsObject();
        var secret = (string)key["key"]!;
        Assert.Equal("tenant_admin", (string)key["role"]!);
        Assert.Equal(tenant, Guid.Parse((string)key["tenant_id"]!));
        Assert.StartsWith((string)key["prefix"]!, secret, StringComparison.Ordinal);
        Assert.Equal(run.Stdout.IndexOf(secret, StringComparison.Ordinal), run.Stdout.LastIndexOf(secret, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ListShowUpdateAndRevokeNeverPrintTheSecret()
    {
        var tenant = await fixture.Silo.CreateTenantAsync("keys-lifecycle");
        var (id, secret) = await fixture.Silo.CreateKeyAsync(tenant, new { name = "batch" });
        var runs = new List<CliRun>
        {
            (await fixture.RunAsync("keys", "list", "--tenant", tenant.ToString())).Succeeded(),
            (await fixture.RunAsync("keys", "list", "--tenant", tenant.ToString(), "-o", "json")).Succeeded(),
            (await fixture.RunAsync("keys", "show", id.ToString())).Succeeded(),
            (await fixture.RunAsync("keys", "show", id.ToString(), "-o", "json")).Succeeded(),
        };

        var listed = Assert.Single(runs[1].Json.AsArray());
        Assert.Equal(id, Guid.Parse((string)listed!["id"]!));
        Assert.Null(listed["key"]);
        Assert.Contains("batch", runs[0].Stdout, StringComparison.Ordinal);

        var updated = (await fixture.RunAsync("keys", "update", id.ToString(), "--rpm", "5", "--allow-model", "demo-8b", "--name", "batch-2", "-o", "json")).Succeeded();
        runs.Add(updated);
        Assert.Equal(5, (int)updated.Json["rpm"]!);
        Assert.Equal("demo-8b", (string)updated.Json["allowed_models"]![0]!);
        Assert.Equal("batch-2", (string)updated.Json["name"]!);

        var unset = (await fixture.RunAsync("keys", "update", id.ToString(), "--unset", "rpm", "--unset", "allowed-models", "-o", "json")).Succeeded();
        runs.Add(unset);
        Assert.Null(unset.Json["rpm"]);
        Assert.Empty(unset.Json["allowed_models"]!.AsArray());

        var revoked = (await fixture.RunAsync("keys", "revoke", id.ToString(), "--yes")).Succeeded();
        runs.Add(revoked);
        Assert.Contains("revoked", revoked.Stdout, StringComparison.Ordinal);
        using var client = fixture.Silo.Http(secret);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("v1/models")).StatusCode);

        Assert.All(runs, r => Assert.DoesNotContain(secret, r.All, StringComparison.Ordinal));
        Assert.All(runs, r => Assert.DoesNotContain(Renderer.SecretMarker, r.All, StringComparison.Ordinal));
    }

    [Fact]
    public async Task RotateWithGracePrintsTheNewSecretOnceAndKeepsTheOldOneWorkingForTheGrace()
    {
        var tenant = await fixture.Silo.CreateTenantAsync("keys-rotate");
        var (id, old) = await fixture.Silo.CreateKeyAsync(tenant);

        var run = (await fixture.RunAsync("keys", "rotate", id.ToString(), "--grace", "10m")).Succeeded();

        var secretLine = Assert.Single(run.Stdout.Split('\n'), l => l.StartsWith(Renderer.SecretMarker, StringComparison.Ordinal));
        var fresh = secretLine[(Renderer.SecretMarker.Length + 1)..].Trim();
        Assert.NotEqual(old, fresh);
        run.ShowsSecretOnceOnMarkedLine(fresh);
        Assert.DoesNotContain(old, run.All, StringComparison.Ordinal);
        using var oldClient = fixture.Silo.Http(old);
        using var newClient = fixture.Silo.Http(fresh);
        Assert.Equal(HttpStatusCode.OK, (await newClient.GetAsync("v1/models")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await oldClient.GetAsync("v1/models")).StatusCode);
    }

    [Fact]
    public async Task RotateWithoutGraceRetiresTheOldSecretAtOnce()
    {
        var tenant = await fixture.Silo.CreateTenantAsync("keys-rotate-now");
        var (id, old) = await fixture.Silo.CreateKeyAsync(tenant);

        var run = (await fixture.RunAsync("keys", "rotate", id.ToString(), "-o", "json")).Succeeded();

        var fresh = (string)run.Json["key"]!;
        using var oldClient = fixture.Silo.Http(old);
        using var newClient = fixture.Silo.Http(fresh);
        Assert.Equal(HttpStatusCode.Unauthorized, (await oldClient.GetAsync("v1/models")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await newClient.GetAsync("v1/models")).StatusCode);
    }

    [Fact]
    public async Task RotatingARevokedKeyIsRefusedByTheSiloWithExitOne()
    {
        var tenant = await fixture.Silo.CreateTenantAsync("keys-rotate-revoked");
        var (id, _) = await fixture.Silo.CreateKeyAsync(tenant);
        (await fixture.RunAsync("keys", "revoke", id.ToString(), "-y")).Succeeded();

        var run = await fixture.RunAsync("keys", "rotate", id.ToString());

        Assert.Equal("error: A revoked key cannot be rotated.\n", run.FailedWith(ExitCodes.Failed));
    }

    [Theory]
    [InlineData("keys", "list")]
    [InlineData("keys", "create")]
    [InlineData("keys", "create", "--tenant", "0b6f3c1e-5d7a-4f0e-9d1c-2a8b7c6d5e4f", "--role", "root")]
    [InlineData("keys", "rotate", "0b6f3c1e-5d7a-4f0e-9d1c-2a8b7c6d5e4f", "--grace", "10 minutes")]
    [InlineData("keys", "update", "0b6f3c1e-5d7a-4f0e-9d1c-2a8b7c6d5e4f", "--unset", "colour")]
    [InlineData("keys", "revoke", "0b6f3c1e-5d7a-4f0e-9d1c-2a8b7c6d5e4f")]
    public async Task BadCommandLinesExitTwo(params string[] args) =>
        (await fixture.RunAsync(args)).FailedWith(ExitCodes.Usage);
}
