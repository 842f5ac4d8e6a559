using GatoLink.Grains.Abstractions.Registry;
using GatoLink.Grains.Abstractions.Storage;
using Microsoft.Extensions.Logging;
using GatoLink.PerSilo.Tenants;
using GatoLink.PerSilo.Plans;
using GatoLink.PerSilo.Nodes;
using GatoLink.PerSilo.Models;
using GatoLink.PerSilo.Keys;

namespace GatoLink.PerSilo.Control;

/// <summary>
/// The reading side of the registry on one silo: every directory reloaded from storage (start, a lost notification),
/// and one entry re-read when another silo publishes its change. Writes of this silo go through
/// <see cref="ControlPlane"/>; both apply to the directories through one <see cref="RegistryGate"/>, so a reload that
/// read before a local write never undoes it.
/// </summary>
internal sealed partial class RegistryReader
{
    private const int MaxStaleReloads = 5;
    private readonly IStorageProvider _storage;
    private readonly KeyDirectory _keys;
    private readonly TenantDirectory _tenants;
    private readonly ModelDirectory _models;
    private readonly NodeDirectory _nodes;
    private readonly TimeProvider _time;
    private readonly RegistryGate _gate;
    private readonly ILogger _logger;
    private readonly IKeyGraceStore? _grace;
    private readonly PlanDirectory? _plans;

    /// <summary>Reads into the directories given, through <paramref name="gate"/>.</summary>
    public RegistryReader(
        IStorageProvider storage,
        KeyDirectory keys,
        TenantDirectory tenants,
        ModelDirectory models,
        NodeDirectory nodes,
        TimeProvider time,
        RegistryGate gate,
        ILogger logger,
        IKeyGraceStore? grace,
        PlanDirectory? plans)
    {
        _storage = storage;
        _keys = keys;
        _tenants = tenants;
        _models = models;
        _nodes = nodes;
        _time = time;
        _gate = gate;
        _logger = logger;
        _grace = grace;
        _plans = plans;
    }

    /// <summary>
    /// Reloads every directory from storage. A snapshot read while this silo wrote something is stale (it could
    /// drop a tenant just created, or un-revoke a key just revoked): it is thrown away and read again.
    /// </summary>
    public async Task LoadAsync(CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            var epoch = _gate.Epoch;
            var tenants = await _storage.Tenants.ListAsync(ct);
            var nodes = await _storage.Nodes.ListAsync(ct);
            var models = await _storage.Models.ListAsync(ct);
            var prices = await _storage.Models.ListPricesAsync(ct);
            var graces = _grace is null ? [] : await _grace.ListActiveAsync(_time.GetUtcNow(), ct);
            var plans = _plans is null ? [] : await _storage.Plans.ListAsync(ct);
            var applied = _gate.ApplyIfUnchanged(epoch, () =>
            {
                _tenants.Load(tenants);
                // Keys are not listed (a silo's memory and start time must not grow with keys not in use): the cached
                // ones are forgotten and read again on their next use, since a change to them may have been missed.
                _keys.Clear();
                _keys.LoadGrace(graces);
                _nodes.Load(nodes);
                _models.Load(models, prices);
                _plans?.Load(plans);
            });
            if (applied || attempt >= MaxStaleReloads)
            {
                // Not applied after the last attempt: still writing; never apply a stale snapshot, the next
                // notification or poll reloads.
                return;
            }
        }
    }

    /// <summary>Re-reads one entry that another silo changed (see <see cref="IRegistryObserver"/>).</summary>
    public async Task ApplyAsync(RegistryChange change, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(change);
        switch (change.Entity)
        {
            case RegistryEntity.Tenant when Guid.TryParse(change.Id, out var tenantId):
                var tenant = await _storage.Tenants.GetAsync(tenantId, ct);
                _gate.Applied(() =>
                {
                    if (tenant is null)
                    {
                        _keys.RemoveTenant(tenantId);
                        _tenants.Remove(tenantId);
                    }
                    else
                    {
                        _tenants.Upsert(tenant);
                    }
                });
                break;
            case RegistryEntity.Key when Guid.TryParse(change.Id, out var keyId):
                var key = await _storage.ApiKeys.GetAsync(keyId, ct);
                _gate.Applied(() => _keys.Refresh(keyId, key));
                break;
            case RegistryEntity.KeyGrace when _grace is not null:
                var graces = await _grace.ListActiveAsync(_time.GetUtcNow(), ct);
                _gate.Applied(() => _keys.LoadGrace(graces));
                break;
            case RegistryEntity.Node:
                var node = await _storage.Nodes.GetAsync(change.Id, ct);
                _gate.Applied(() =>
                {
                    if (node is null)
                    {
                        _nodes.Remove(change.Id);
                    }
                    else
                    {
                        _nodes.Upsert(node);
                    }
                });
                break;
            case RegistryEntity.Model:
                var models = await _storage.Models.ListAsync(ct);
                var prices = await _storage.Models.ListPricesAsync(ct);
                var model = models.FirstOrDefault(m => m.Name == change.Id);
                _gate.Applied(() =>
                {
                    if (model is null)
                    {
                        _models.Remove(change.Id);
                    }
                    else
                    {
                        var route = _models.Upsert(model);
                        foreach (var price in prices.Where(p => p.Model == model.Name))
                        {
                            route.Prices.Add(price);
                        }
                    }
                });
                break;
            case RegistryEntity.Plan when _plans is not null:
                var plan = await _storage.Plans.GetAsync(change.Id, ct);
                _gate.Applied(() =>
                {
                    if (plan is not null)
                    {
                        _plans.Upsert(plan);
                    }
                });
                break;
            default:
                LogUnknownChange(_logger, change.Entity, change.Id);
                break;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ignoring a registry change of {Entity} with id '{Id}'")]
    private static partial void LogUnknownChange(ILogger logger, RegistryEntity entity, string id);
}
