using GatoLink.Grains.Abstractions.Keys;
using GatoLink.Grains.Abstractions.Model;
using GatoLink.Grains.Abstractions.Nodes;
using GatoLink.Grains.Abstractions.Storage;
using GatoLink.Grains.Abstractions.Tenants;
using GatoLink.Grains.Keys;
using GatoLink.Grains.Models;
using GatoLink.Grains.Nodes;
using GatoLink.Grains.Tenants;

namespace GatoLink.Grains.Control;

/// <summary>
/// Registry mutations: written to storage first, then applied to this silo's grains. Other silos
/// pick them up through the sync loop.
/// </summary>
public sealed class ControlPlane
{
    private readonly IStorageProvider _storage;
    private readonly KeyDirectory _keys;
    private readonly TenantDirectory _tenants;
    private readonly ModelDirectory _models;
    private readonly NodeDirectory _nodes;
    private readonly TimeProvider _time;

    /// <summary>Creates the control plane.</summary>
    public ControlPlane(IStorageProvider storage, KeyDirectory keys, TenantDirectory tenants, ModelDirectory models, NodeDirectory nodes, TimeProvider time)
    {
        _storage = storage;
        _keys = keys;
        _tenants = tenants;
        _models = models;
        _nodes = nodes;
        _time = time;
    }

    /// <summary>The storage behind it.</summary>
    public IStorageProvider Storage => _storage;

    /// <summary>Reloads every directory from storage.</summary>
    public async Task LoadAsync(CancellationToken ct)
    {
        var tenants = await _storage.Tenants.ListAsync(ct);
        var keys = await _storage.ApiKeys.ListAllAsync(ct);
        var nodes = await _storage.Nodes.ListAsync(ct);
        var models = await _storage.Models.ListAsync(ct);
        var prices = await _storage.Models.ListPricesAsync(ct);
        _tenants.Load(tenants);
        _keys.Load(keys);
        _nodes.Load(nodes);
        _models.Load(models, prices);
    }

    /// <summary>Creates a tenant.</summary>
    public async Task<TenantRecord> CreateTenantAsync(string name, Limits limits, CancellationToken ct)
    {
        var tenant = new TenantRecord(Guid.CreateVersion7(_time.GetUtcNow()), name, limits, Disabled: false, _time.GetUtcNow());
        await _storage.Tenants.CreateAsync(tenant, ct);
        _tenants.Upsert(tenant);
        return tenant;
    }

    /// <summary>Creates a key and returns it with its secret, which is never stored nor shown again.</summary>
    /// <param name="tenantId">Owner.</param>
    /// <param name="name">Human name.</param>
    /// <param name="role">What it may do.</param>
    /// <param name="limits">Its limits.</param>
    /// <param name="allowedModels">Models it may call (empty: all).</param>
    /// <param name="expiresAt">Expiry, or null.</param>
    /// <param name="secret">A given secret (bootstrap keys), or null to generate one.</param>
    /// <param name="ct">Cancellation.</param>
    public async Task<CreatedKey> CreateKeyAsync(Guid tenantId, string name, ApiKeyRole role, Limits limits, IReadOnlyList<string> allowedModels, DateTimeOffset? expiresAt, string? secret, CancellationToken ct)
    {
        secret ??= ApiKeySecrets.NewSecret();
        var key = new ApiKeyRecord(
            Guid.CreateVersion7(_time.GetUtcNow()),
            tenantId,
            name,
            ApiKeySecrets.DisplayPrefix(secret),
            ApiKeySecrets.Hash(secret),
            role,
            ApiKeyStatus.Active,
            expiresAt,
            limits,
            allowedModels,
            _time.GetUtcNow());
        await _storage.ApiKeys.CreateAsync(key, ct);
        _keys.Upsert(key);
        return new CreatedKey(key, secret);
    }

    /// <summary>Registers or replaces a node.</summary>
    public async Task<GpuNodeRecord> UpsertNodeAsync(GpuNodeRecord node, CancellationToken ct)
    {
        await _storage.Nodes.UpsertAsync(node, ct);
        _nodes.Upsert(node);
        return node;
    }

    /// <summary>Registers or replaces a model.</summary>
    public async Task<ModelRecord> UpsertModelAsync(ModelRecord model, CancellationToken ct)
    {
        await _storage.Models.UpsertAsync(model, ct);
        _models.Upsert(model);
        return model;
    }

    /// <summary>Adds a price to a model's history.</summary>
    public async Task SetPriceAsync(ModelPrice price, CancellationToken ct)
    {
        await _storage.Models.AddPriceAsync(price, ct);
        _models.Resolve(price.Model)?.Prices.Add(price);
    }
}
