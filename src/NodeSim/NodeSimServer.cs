using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace GatoLink.NodeSim;

/// <summary>A self-contained simulated vLLM server on its own Kestrel instance.</summary>
public sealed class NodeSimServer : IAsyncDisposable
{
    private static readonly TimeSpan s_stopGrace = TimeSpan.FromSeconds(2);
    private readonly WebApplication _app;

    private NodeSimServer(WebApplication app, NodeSimEngine engine, Uri baseUrl)
    {
        _app = app;
        Engine = engine;
        BaseUrl = baseUrl;
    }

    /// <summary>The address actually bound, e.g. <c>http://127.0.0.1:41234</c> when started on port 0.</summary>
    public Uri BaseUrl { get; }

    /// <summary>Live scheduler state and counters.</summary>
    public NodeSimEngine Engine { get; }

    /// <summary>Builds and starts a server; <paramref name="options"/> is validated first.</summary>
    public static async Task<NodeSimServer> StartAsync(
        NodeSimOptions options,
        string url = "http://127.0.0.1:0",
        TimeProvider? time = null,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var engine = new NodeSimEngine(options, time ?? TimeProvider.System);

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });

        // Hosted inside the gateway, the host's appsettings/ASPNETCORE_URLS must not leak into the simulator
        // (a "Kestrel" section would make it bind the gateway's endpoints).
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection();
        builder.WebHost.UseUrls(url);
        builder.WebHost.ConfigureKestrel(k => k.AddServerHeader = false);
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = s_stopGrace);

        var app = builder.Build();
        var started = false;
        try
        {
            var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("GatoLink.NodeSim");
            if (options.Api == NodeSimApi.OpenAi)
            {
                // Anthropic mode checks its key itself, in Anthropic's way and error shape.
                app.UseApiKey(options.ApiKey);
            }

            app.MapNodeSim(engine, logger);
            await app.StartAsync(ct);

            var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses
                ?? throw new InvalidOperationException("Kestrel did not report its addresses.");
            var baseUrl = new Uri(addresses.First());
            NodeSimLog.Started(logger, options.Profile, string.Join(',', options.Models), baseUrl);
            started = true;
            return new NodeSimServer(app, engine, baseUrl);
        }
        finally
        {
            if (!started)
            {
                // e.g. the port is taken: do not leak a half-built host.
                await app.DisposeAsync();
            }
        }
    }

    /// <summary>Completes when the host is asked to stop (Ctrl+C, SIGTERM).</summary>
    internal Task WaitForShutdownAsync(CancellationToken ct = default) => _app.WaitForShutdownAsync(ct);

    public async ValueTask DisposeAsync()
    {
        using (var cts = new CancellationTokenSource(s_stopGrace))
        {
            await _app.StopAsync(cts.Token);
        }

        await _app.DisposeAsync();
    }
}
