using GatoLink.Grains.Abstractions.Keys;
using GatoLink.Grains.Abstractions.Model;
using GatoLink.Grains.Abstractions.Nodes;
using GatoLink.Grains.Abstractions.Storage;
using GatoLink.Grains.Abstractions.Tenants;
using GatoLink.Silo.Hosting;
using GatoLink.Silo.Storage;
using Microsoft.Extensions.Options;
using GatoLink.PerSilo.Keys;
using GatoLink.PerSilo.Control;

namespace GatoLink.Silo.Bootstrap;

/// <summary>
/// Brings a silo to a serving state before it listens: migrations, the bootstrap admin key,
/// configured nodes and models, and on the embedded default the NodeSim nodes and a demo tenant.
/// </summary>
public sealed partial class BootstrapService : IHostedService
{
    /// <summary>Label that marks nodes started in-process, so they are replaced on each start.</summary>
    public const string EmbeddedLabel = "embedded";

    private readonly IStorageProvider _storage;
    private readonly ControlPlane _control;
    private readonly EmbeddedNodes _embedded;
    private readonly SiloOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<BootstrapService> _logger;
    private readonly INodeCredentials _credentials;

    /// <summary>Creates the service.</summary>
    public BootstrapService(IStorageProvider storage, ControlPlane control, EmbeddedNodes embedded, IOptions<SiloOptions> options, TimeProvider time, ILogger<BootstrapService> logger,
        INodeCredentials credentials)
    {
        _credentials = credentials;
        _storage = storage;
        _control = control;
        _embedded = embedded;
        _options = options.Value;
        _time = time;
        _logger = logger;
    }

    /// <summary>What the banner prints once the silo listens.</summary>
    public BootstrapReport? Report { get; private set; }

    /// <inheritdoc />
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await _control.LoadAsync(cancellationToken);

        var secretsPath = Path.Combine(_options.DataDirectory, "bootstrap.json");
        var secrets = await BootstrapSecrets.LoadAsync(secretsPath, cancellationToken);
        var system = await EnsureTenantAsync("system", cancellationToken);
        var adminFromEnv = !string.IsNullOrEmpty(_options.AdminKey);
        var adminSecret = adminFromEnv ? _options.AdminKey! : secrets.AdminKey;
        adminSecret = await EnsureKeyAsync(system.Id, "bootstrap-admin", ApiKeyRole.SystemAdmin, adminSecret, cancellationToken);
        if (!adminFromEnv)
        {
            secrets.AdminKey = adminSecret;
        }

        await ApplyConfiguredModelsAsync(cancellationToken);
        var embedded = await ApplyNodesAsync(cancellationToken);

        string? demoSecret = null;
        if (_options.DemoTenant)
        {
            var demo = await EnsureTenantAsync("demo", cancellationToken);
            demoSecret = await EnsureKeyAsync(demo.Id, "demo-user", ApiKeyRole.User, secrets.DemoKey, cancellationToken);
            secrets.DemoKey = demoSecret;
        }

        await secrets.SaveAsync(secretsPath, cancellationToken);
        await _control.LoadAsync(cancellationToken);
        Report = new BootstrapReport(adminFromEnv ? null : adminSecret, demoSecret, embedded, _storage.Kind, secretsPath);
        LogReady(_logger, _storage.Kind.ToString(), embedded.Count);
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task<TenantRecord> EnsureTenantAsync(string name, CancellationToken ct)
    {
        var existing = (await _storage.Tenants.ListAsync(ct)).FirstOrDefault(t => t.Name == name);
        return existing ?? await _control.CreateTenantAsync(name, Limits.None, ct);
    }

    private async Task<string> EnsureKeyAsync(Guid tenantId, string name, ApiKeyRole role, string? secret, CancellationToken ct)
    {
        if (secret is not null && await _storage.ApiKeys.FindByHashAsync(ApiKeySecrets.Hash(secret), ct) is { Status: ApiKeyStatus.Active })
        {
            return secret;
        }

        var created = await _control.CreateKeyAsync(tenantId, name, role, Limits.None, [], expiresAt: null, secret, ct);
        return created.Secret;
    }

    private async Task ApplyConfiguredModelsAsync(CancellationToken ct)
    {
        var now = _time.GetUtcNow();
        var models = _options.Models.ToList();
        if (_options.EmbeddedNodes > 0 && _options.Nodes.Count == 0 && models.All(m => m.Name != _options.DemoModel))
        {
            models.Add(new ModelConfig { Name = _options.DemoModel, Aliases = ["demo"], ContextLength = 8192, DefaultMaxTokens = 256, InputPricePerMillionUsd = 0.10m, OutputPricePerMillionUsd = 0.40m });
        }

        var existingPrices = await _storage.Models.ListPricesAsync(ct);
        foreach (var model in models.Where(m => !string.IsNullOrWhiteSpace(m.Name)))
        {
            var strategy = ParseSetting<PlacementStrategyKind>(model.Strategy, $"Models[{model.Name}].Strategy", EnumText.TryParse);
            await _control.UpsertModelAsync(new ModelRecord(model.Name, model.Aliases, model.ContextLength, model.DefaultMaxTokens, strategy, now), ct);
            var input = (long)Math.Round(model.InputPricePerMillionUsd * 1_000_000m);
            var output = (long)Math.Round(model.OutputPricePerMillionUsd * 1_000_000m);
            var current = existingPrices.Where(p => p.Model == model.Name).MaxBy(p => p.EffectiveFrom);
            if (current is null || current.InputMicrosPerMillion != input || current.OutputMicrosPerMillion != output)
            {
                await _control.SetPriceAsync(new ModelPrice(model.Name, input, output, now), ct);
            }
        }
    }

    private async Task<IReadOnlyList<GpuNodeRecord>> ApplyNodesAsync(CancellationToken ct)
    {
        var now = _time.GetUtcNow();
        foreach (var node in _options.Nodes.Where(n => !string.IsNullOrWhiteSpace(n.BaseUrl)))
        {
            var url = Gateway.Admin.NodeUrls.Normalize(new Uri(node.BaseUrl));
            var id = string.IsNullOrWhiteSpace(node.Id) ? $"{url.Host}-{url.Port}" : node.Id;
            var engine = ParseSetting<EngineKind>(node.Engine, $"Nodes[{id}].Engine", EnumText.TryParse);
            await _control.UpsertNodeAsync(ConfiguredNode.ToRecord(node, id, url, engine, now, _credentials, Environment.GetEnvironmentVariable), ct);
        }

        var stored = await _storage.Nodes.ListAsync(ct);
        foreach (var stale in stored.Where(n => n.Labels.ContainsKey(EmbeddedLabel)))
        {
            // Embedded nodes die with their silo; their old ports mean nothing now.
            await _storage.Nodes.DeleteAsync(stale.Id, ct);
        }

        var realNodes = stored.Count(n => !n.Labels.ContainsKey(EmbeddedLabel));
        if (_options.EmbeddedNodes == 0 || realNodes > 0 || _options.Nodes.Count > 0)
        {
            return [];
        }

        await _embedded.StartAsync(_options.EmbeddedNodes, _options.EmbeddedProfile, _options.DemoModel, ct);
        var records = new List<GpuNodeRecord>();
        for (var i = 0; i < _embedded.Servers.Count; i++)
        {
            var labels = new Dictionary<string, string> { [EmbeddedLabel] = "true", ["profile"] = _options.EmbeddedProfile };
            var record = new GpuNodeRecord($"embedded-{i + 1}", _embedded.Servers[i].BaseUrl, EngineKind.Vllm, [_options.DemoModel], 80, labels, false, now);
            await _control.UpsertNodeAsync(record, ct);
            records.Add(record);
        }

        return records;
    }

    private delegate bool TryParser<T>(string? text, out T value);

    private static T ParseSetting<T>(string text, string setting, TryParser<T> tryParse)
        where T : struct, Enum
    {
        // Accept the wire names (round_robin) and the enum names (RoundRobin) alike; refuse the rest loudly.
        if (tryParse(text, out var value) || Enum.TryParse(text, ignoreCase: true, out value))
        {
            return value;
        }

        throw new OptionsValidationException(setting, typeof(SiloOptions), [$"GatoLink:{setting} has an unknown value '{text}'."]);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Silo bootstrapped on {Storage} with {Embedded} embedded nodes")]
    private static partial void LogReady(ILogger logger, string storage, int embedded);
}
