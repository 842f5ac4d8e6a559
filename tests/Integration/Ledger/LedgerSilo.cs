using System.Net;
using System.Net.Http.Headers;
using GatoLink.Gateway.Admin;
using GatoLink.Grains.Keys;
using GatoLink.Silo.Ledger;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace GatoLink.Integration.Tests.Ledger;

/// <summary>
/// A real silo (production <c>Program</c>) on PostgreSQL with the ledger wired in. Until the host itself calls
/// <c>AddGatoLinkLedger</c>/<c>MapUsageApi</c>/<c>MapPricingApi</c>, this adds them; once it does, it adds nothing.
/// </summary>
internal sealed class LedgerSilo : IAsyncDisposable
{
    private readonly WebApplicationFactory<Program> _factory;
    private readonly string _dataDirectory;

    private LedgerSilo(WebApplicationFactory<Program> factory, Uri baseUrl, string adminKey, string dataDirectory)
    {
        _factory = factory;
        BaseUrl = baseUrl;
        _dataDirectory = dataDirectory;
        Admin = Http(adminKey);
    }

    public Uri BaseUrl { get; }

    public HttpClient Admin { get; }

    public IServiceProvider Services => _factory.Services;

    public BillingGrain Billing => Services.GetRequiredService<BillingGrain>();

    public static LedgerSilo Start(string? postgres, IReadOnlyList<Uri> nodes)
    {
        var dataDirectory = Directory.CreateTempSubdirectory("gatolink-ledger-silo-").FullName;
        var adminKey = ApiKeySecrets.NewSecret();
        var settings = new Dictionary<string, string?>
        {
            ["urls"] = "http://127.0.0.1:0",
            ["GatoLink:DataDirectory"] = dataDirectory,
            ["GatoLink:AdminKey"] = adminKey,
            ["GatoLink:EmbeddedNodes"] = "0",
            ["GatoLink:DemoTenant"] = "false",
            ["GatoLink:Banner"] = "false",
            ["GatoLink:Postgres"] = postgres,
            ["GatoLink:Models:0:Name"] = "demo-8b",
            ["GatoLink:Models:0:InputPricePerMillionUsd"] = "1.0",
            ["GatoLink:Models:0:OutputPricePerMillionUsd"] = "2.0",
            ["GatoLink:Ledger:MinBackoff"] = "00:00:00.050",
            ["GatoLink:Ledger:MaxBackoff"] = "00:00:00.500",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        for (var i = 0; i < nodes.Count; i++)
        {
            settings[$"GatoLink:Nodes:{i}:Id"] = $"node-{i + 1}";
            settings[$"GatoLink:Nodes:{i}:BaseUrl"] = nodes[i].ToString();
            settings[$"GatoLink:Nodes:{i}:Models:0"] = "demo-8b";
        }

        var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            foreach (var (key, value) in settings)
            {
                builder.UseSetting(key, value);
            }

            builder.ConfigureTestServices(services =>
            {
                if (!services.Any(d => d.ServiceType == typeof(BillingGrain)))
                {
                    services.AddGatoLinkLedger();
                    services.AddSingleton<IStartupFilter, LedgerEndpointsFilter>();
                }
            });
        });
        factory.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        factory.StartServer();
        var address = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new LedgerSilo(factory, new Uri(address.TrimEnd('/') + "/"), adminKey, dataDirectory);
    }

    public HttpClient Http(string key)
    {
        var http = new HttpClient { BaseAddress = BaseUrl, Timeout = Timeout.InfiniteTimeSpan };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return http;
    }

    public async ValueTask DisposeAsync()
    {
        Admin.Dispose();
        await _factory.DisposeAsync();
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by a pooled SQLite handle: a temp directory left behind is harmless.
        }
    }

    private sealed class LedgerEndpointsFilter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.UseRouting();
            app.UseEndpoints(endpoints =>
            {
                endpoints.MapUsageApi();
                endpoints.MapPricingApi();
            });
            next(app);
        };
    }
}
