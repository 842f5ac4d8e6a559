using System.Text.Json;
using System.Text.Json.Serialization;
using GatoLink.Gateway;
using GatoLink.Gateway.Admin;
using GatoLink.Gateway.AnthropicApi;
using GatoLink.Gateway.ResponsesApi;
using GatoLink.Gateway.Auth;
using GatoLink.Gateway.Identity;
using GatoLink.Gateway.OpenAi;
using GatoLink.Gateway.Proxy;
using GatoLink.Grains.Abstractions.Storage;
using GatoLink.Silo.Alerts;
using GatoLink.Silo.Billing;
using GatoLink.Silo.Bootstrap;
using GatoLink.Silo.Quotas;
using GatoLink.Silo.Responses;
using GatoLink.Silo.Ledger;
using GatoLink.Silo.Cluster;
using GatoLink.Silo.Storage;
using GatoLink.Silo.Dashboard;
using GatoLink.Silo.Telemetry;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using GatoLink.PerSilo.Quotas;
using GatoLink.PerSilo.Control;
using GatoLink.PerSilo;

namespace GatoLink.Silo.Hosting;

/// <summary>Wires a silo: configuration, storage, grains, gateway, background loops.</summary>
public static class SiloHostingExtensions
{
    /// <summary>Adds everything a silo needs to the builder.</summary>
    public static WebApplicationBuilder AddGatoLinkSilo(this WebApplicationBuilder builder)
    {
        AddDefaultSettings(builder);
        MapEnvironmentShortcuts(builder.Configuration);
        var services = builder.Services;
        services.AddOptions<SiloOptions>().BindConfiguration(SiloOptions.Section).ValidateDataAnnotations().ValidateOnStart();

        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"]))
        {
            builder.WebHost.UseUrls(builder.Configuration[$"{SiloOptions.Section}:Listen"] ?? "http://127.0.0.1:8080");
        }

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<IStorageProvider>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<SiloOptions>>().Value;
            return StorageProviderFactory.Create(new StorageOptions { PostgresConnectionString = options.Postgres, DataDirectory = options.DataDirectory }, sp.GetRequiredService<TimeProvider>());
        });
        // First, so that the exporter listens before Orleans and the first request measure anything.
        services.AddGatoLinkMetrics();
        builder.AddGatoLinkConsoleLogging();
        // Before the Orleans silo: its ADO.NET providers need the tables the migrations create.
        services.AddHostedService<MigrationService>();
        builder.AddGatoLinkOrleans();
        services.AddSingleton(sp => sp.GetRequiredService<IStorageProvider>().ApiKeys);
        services.AddSingleton(sp => sp.GetRequiredService<IStorageProvider>().Tenants);
        services.AddSingleton(sp => sp.GetRequiredService<IStorageProvider>().Nodes);

        services.AddGatoLinkPerSilo();
        services.AddGatoLinkGateway();

        services.AddGatoLinkLedger();

        services.AddGatoLinkQuotas();
        services.AddGatoLinkResponses();
        services.AddGatoLinkAlerts();
        services.AddGatoLinkBilling();
        services.TryAddSingleton<IAdmissionController, UnlimitedAdmissionController>();

        services.AddSingleton<EmbeddedNodes>();
        services.AddSingleton<BootstrapService>();
        services.AddHostedService(sp => sp.GetRequiredService<BootstrapService>());
        services.AddGatoLinkPlacement();
        services.AddHostedService<RegistrySubscription>();
        services.AddHostedService<StartupBanner>();
        services.AddGatoLinkDrain();

        services.AddGatoLinkOpenTelemetry(builder.Configuration);

        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower));
        });
        services.AddOpenApi();
        return builder;
    }

    /// <summary>Maps the silo's endpoints.</summary>
    public static WebApplication MapGatoLinkSilo(this WebApplication app)
    {
        app.UseGatoLinkDrain();

        // The data plane (/v1) authenticates its keys itself (BearerAuthenticator, before the body is read) and none
        // of its endpoints carries authorization metadata, so ASP.NET Core's authentication and authorization
        // middleware only run for the other routes. Measured in bench/overhead: both cost /v1 requests CPU for nothing.
        // An endpoint under /v1 given authorization metadata fails loudly (EndpointMiddleware refuses to run it).
        app.UseWhen(context => !DataPlane.Serves(context.Request.Path), branch =>
        {
            branch.UseAuthentication();
            branch.UseAuthorization();
        });
        app.MapOpenAiApi();
        app.MapMessagesApi();
        app.MapResponsesApi();
        app.MapAdminApi();
        app.MapOidcConfig();
        app.MapAccountsApi();
        app.MapUsageApi();
        app.MapPricingApi();
        app.MapOpenApi("/openapi/{documentName}.json");
        app.MapHealthEndpoints();
        app.MapGatoLinkMetrics();
        app.MapGatoLinkDashboard();
        return app;
    }

    /// <summary>
    /// The appsettings.json shipped beside the binary, under every other source, when the content root (the working
    /// directory) has none: <c>dotnet run --project src/Silo</c> from the repository root, or a silo started elsewhere.
    /// </summary>
    private static void AddDefaultSettings(WebApplicationBuilder builder)
    {
        const string file = "appsettings.json";
        if (File.Exists(Path.Combine(builder.Environment.ContentRootPath, file)) || !File.Exists(Path.Combine(AppContext.BaseDirectory, file)))
        {
            return;
        }

        builder.Configuration.Sources.Insert(0, new Microsoft.Extensions.Configuration.Json.JsonConfigurationSource
        {
            Path = file,
            Optional = true,
            FileProvider = new Microsoft.Extensions.FileProviders.PhysicalFileProvider(AppContext.BaseDirectory),
        });
    }

    private static void MapEnvironmentShortcuts(ConfigurationManager configuration)
    {
        // The documented short names win over nothing but explicit GatoLink__* settings.
        var shortcuts = new Dictionary<string, string?>();
        if (Environment.GetEnvironmentVariable(StorageOptions.PostgresEnvironmentVariable) is { Length: > 0 } pg && configuration[$"{SiloOptions.Section}:Postgres"] is null)
        {
            shortcuts[$"{SiloOptions.Section}:Postgres"] = pg;
        }

        if (Environment.GetEnvironmentVariable("GATOLINK_ADMIN_KEY") is { Length: > 0 } admin && configuration[$"{SiloOptions.Section}:AdminKey"] is null)
        {
            shortcuts[$"{SiloOptions.Section}:AdminKey"] = admin;
        }

        if (Environment.GetEnvironmentVariable(MetricsAccessOptions.ScrapeTokenEnvironmentVariable) is { Length: > 0 } scrape && configuration[$"{MetricsAccessOptions.Section}:ScrapeToken"] is null)
        {
            shortcuts[$"{MetricsAccessOptions.Section}:ScrapeToken"] = scrape;
        }

        if (shortcuts.Count > 0)
        {
            configuration.AddInMemoryCollection(shortcuts);
        }
    }
}
