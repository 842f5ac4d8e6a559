using GatoLink.Silo.Bootstrap;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace GatoLink.Silo.Hosting;

/// <summary>
/// Prints, once the silo listens, how to use it: the bootstrap keys and a curl that streams a
/// completion. Written to stdout, never to the log, so log pipelines never carry secrets.
/// </summary>
public sealed class StartupBanner : IHostedService
{
    private readonly IHostApplicationLifetime _lifetime;
    private readonly IServer _server;
    private readonly BootstrapService _bootstrap;
    private readonly IConfiguration _configuration;

    /// <summary>Creates the banner.</summary>
    public StartupBanner(IHostApplicationLifetime lifetime, IServer server, BootstrapService bootstrap, IConfiguration configuration)
    {
        _lifetime = lifetime;
        _server = server;
        _bootstrap = bootstrap;
        _configuration = configuration;
    }

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (_configuration.GetValue("GatoLink:Banner", true))
        {
            _lifetime.ApplicationStarted.Register(Print);
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private void Print()
    {
        var report = _bootstrap.Report;
        var address = _server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? "http://127.0.0.1:8080";
        var model = _configuration["GatoLink:DemoModel"] ?? "demo-8b";
        var lines = new List<string>
        {
            "",
            $"GatoLink silo listening on {address} (storage: {report?.Storage.ToString() ?? "?"})",
            report?.AdminSecret is { } admin ? $"  admin key (system_admin): {admin}" : "  admin key: from GATOLINK_ADMIN_KEY",
            $"  portal: {address.TrimEnd('/')}{PortalHosting.Path}/ (sign in with an admin key)",
        };
        if (report?.DemoSecret is { } demo)
        {
            lines.Add($"  demo key (tenant 'demo', role user): {demo}");
        }

        if (report is not null)
        {
            lines.Add($"  keys are kept in {report.SecretsPath} (owner-only); storage holds only their hashes");
            foreach (var node in report.EmbeddedNodes)
            {
                lines.Add($"  embedded NodeSim node {node.Id}: {node.BaseUrl}");
            }
        }

        lines.Add("");
        lines.Add("Stream a completion:");
        lines.Add($"  curl -N {address}/v1/chat/completions \\");
        lines.Add($"    -H \"Authorization: Bearer {report?.DemoSecret ?? "$GATOLINK_KEY"}\" -H \"Content-Type: application/json\" \\");
        lines.Add($"    -d '{{\"model\":\"{model}\",\"stream\":true,\"messages\":[{{\"role\":\"user\",\"content\":\"Hello, GatoLink!\"}}]}}'");
        lines.Add("");
        Console.Out.WriteLine(string.Join(Environment.NewLine, lines));
        Console.Out.Flush();
    }
}
