using GatoLink.Grains.Abstractions.Keys;
using GatoLink.Grains.Abstractions.Model;
using GatoLink.Grains.Abstractions.Nodes;
using GatoLink.Grains.Abstractions.Plans;
using GatoLink.Grains.Abstractions.Quotas;
using GatoLink.Grains.Abstractions.Registry;
using GatoLink.Grains.Abstractions.Storage;
using GatoLink.Grains.Abstractions.Tenants;
using Microsoft.Extensions.Logging;
using GatoLink.PerSilo.Tenants;
using GatoLink.PerSilo.Plans;
using GatoLink.PerSilo.Nodes;
using GatoLink.PerSilo.Models;
using GatoLink.PerSilo.Keys;

namespace GatoLink.PerSilo.Control;

/// <summary>
/// Registry mutations: written to storage first, then applied to this silo's directories, then published through the
/// <see cref="IRegistryGrain"/> so that every other silo re-reads the entry within a second (<see cref="RegistryReader"/>);
/// limit changes also reach the key or tenant grain that enforces them.
/// </summary>
public sealed partial class ControlPlane
{
    private readonly IStorageProvider _storage;
    private readonly KeyDirectory _keys;
    private readonly TenantDirectory _tenants;
    private readonly ModelDirectory _models;
    private readonly NodeDirectory _nodes;
    private readonly TimeProvider _time;
    private readonly IKeyGraceStore? _grace;
    private readonly IGrainFactory _grains;
    private readonly PlanDirectory? _plans;
    private readonly ILogger<ControlPlane> _logger;
    private readonly RegistryGate _gate = new();
    private readonly RegistryReader _reader;

    /// <summary>Creates the control plane; without <paramref name="grace"/>, rotation has no grace period.</summary>
    public ControlPlane(IStorageProvider storage, KeyDirectory keys, TenantDirectory tenants, ModelDirectory models, NodeDirectory nodes, TimeProvider time, IGrainFactory grains, ILogger<ControlPlane> logger, IKeyGraceStore? grace = null, PlanDirectory? plans = null)
    {
        _plans = plans;
        _grains = grains;
        _logger = logger;
        _grace = grace;
        _storage = storage;
        _keys = keys;
        _tenants = tenants;
        _models = models;
        _nodes = nodes;
        _time = time;
        _reader = new RegistryReader(storage, keys, tenants, models, nodes, time, _gate, logger, grace, plans);
    }

    /// <summary>The storage behind it.</summary>
    public IStorageProvider Storage => _storage;

    /// <summary>
    /// Reloads every directory from storage; a snapshot read while this silo wrote something is thrown away and read
    /// again (see <see cref="RegistryReader.LoadAsync"/>).
    /// </summary>
    public Task LoadAsync(CancellationToken ct) => _reader.LoadAsync(ct);

    /// <summary>Re-reads one entry that another silo changed (see <see cref="IRegistryObserver"/>).</summary>
    public Task ApplyAsync(RegistryChange change, CancellationToken ct) => _reader.ApplyAsync(change, ct);

    /// <summary>Applies a local write to the directories, so that a reload that read before it does not undo it.</summary>
    private void Applied(Action apply) => _gate.Applied(apply);

    /// <summary>Creates a tenant.</summary>
    public Task<TenantRecord> CreateTenantAsync(string name, Limits limits, CancellationToken ct) => CreateTenantAsync(name, limits, null, null, ct);

    /// <summary>Creates a tenant with its billing settings (null: postpaid, no plan) and fair share (null: the default).</summary>
    public async Task<TenantRecord> CreateTenantAsync(string name, Limits limits, TenantBilling? billing, FairShare? share, CancellationToken ct)
    {
        var tenant = new TenantRecord(Guid.CreateVersion7(_time.GetUtcNow()), name, limits, Disabled: false, _time.GetUtcNow(), Billing: billing, Share: share);
        await _storage.Tenants.CreateAsync(tenant, ct);
        Applied(() => _tenants.Upsert(tenant));
        await PublishAsync(RegistryEntity.Tenant, tenant.Id.ToString());
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
    public Task<CreatedKey> CreateKeyAsync(Guid tenantId, string name, ApiKeyRole role, Limits limits, IReadOnlyList<string> allowedModels, DateTimeOffset? expiresAt, string? secret, CancellationToken ct) =>
        CreateKeyAsync(tenantId, name, role, limits, allowedModels, expiresAt, secret, PriorityClass.Interactive, ct);

    /// <summary>Creates a key of a priority class (see the overload for the rest).</summary>
    public async Task<CreatedKey> CreateKeyAsync(
        Guid tenantId, string name, ApiKeyRole role, Limits limits, IReadOnlyList<string> allowedModels, DateTimeOffset? expiresAt, string? secret, PriorityClass priority, CancellationToken ct)
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
            _time.GetUtcNow(),
            Priority: priority);
        await _storage.ApiKeys.CreateAsync(key, ct);
        Applied(() => _keys.Upsert(key));
        await PublishAsync(RegistryEntity.Key, key.Id.ToString());
        return new CreatedKey(key, secret);
    }

    /// <summary>
    /// Replaces a tenant's fields; false when it does not exist. With <paramref name="planFrom"/> (its plan changed),
    /// the plan period its invoices prorate by is written in the same transaction: a failure leaves neither.
    /// </summary>
    public async Task<bool> UpdateTenantAsync(TenantRecord tenant, PlanPeriod? planFrom, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        if (!await _storage.Tenants.UpdateAsync(tenant, planFrom, ct))
        {
            return false;
        }

        Applied(() => _tenants.Upsert(tenant));
        await PublishAsync(RegistryEntity.Tenant, tenant.Id.ToString());
        await RefreshAsync(_grains.GetGrain<ITenantGrain>(tenant.Id).Refresh, tenant.Id.ToString());
        return true;
    }

    /// <summary>Deletes a tenant and its keys; false when it does not exist.</summary>
    public async Task<bool> DeleteTenantAsync(Guid id, CancellationToken ct)
    {
        var keys = await _storage.ApiKeys.ListByTenantAsync(id, ct);
        if (!await _storage.Tenants.DeleteAsync(id, ct))
        {
            return false;
        }

        Applied(() =>
        {
            foreach (var key in keys)
            {
                _keys.Remove(key.Id);
            }

            _tenants.Remove(id);
        });
        await PublishAsync(RegistryEntity.Tenant, id.ToString());
        return true;
    }

    /// <summary>Replaces a key's mutable fields (limits, models, expiry, status…); false when it does not exist.</summary>
    public async Task<bool> UpdateKeyAsync(ApiKeyRecord key, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (!await _storage.ApiKeys.UpdateAsync(key, ct))
        {
            return false;
        }

        Applied(() => _keys.Upsert(key));
        await PublishAsync(RegistryEntity.Key, key.Id.ToString());
        await RefreshAsync(_grains.GetGrain<IApiKeyGrain>(key.Id).Refresh, key.Id.ToString());
        return true;
    }

    /// <summary>
    /// Gives a key a new secret. The old one keeps authenticating for <paramref name="grace"/> (zero: not at all);
    /// the grace is stored before the key changes, so every silo that sees the new hash also sees the old one.
    /// </summary>
    /// <returns>The key with its new secret, or null when it does not exist.</returns>
    public async Task<CreatedKey?> RotateKeyAsync(Guid id, TimeSpan grace, CancellationToken ct)
    {
        var current = await _storage.ApiKeys.GetAsync(id, ct);
        if (current is null)
        {
            return null;
        }

        if (grace > TimeSpan.Zero)
        {
            if (_grace is null)
            {
                throw new InvalidOperationException("This silo has no store for rotation grace periods.");
            }

            var kept = new KeyGrace(id, current.SecretHash, _time.GetUtcNow() + grace);
            await _grace.AddAsync(kept, ct);
            Applied(() => _keys.AddGrace(kept));
            await PublishAsync(RegistryEntity.KeyGrace, string.Empty);
        }

        var secret = ApiKeySecrets.NewSecret();
        var rotated = current with { SecretHash = ApiKeySecrets.Hash(secret), Prefix = ApiKeySecrets.DisplayPrefix(secret) };
        if (!await _storage.ApiKeys.UpdateAsync(rotated, ct))
        {
            return null;
        }

        Applied(() => _keys.Upsert(rotated));
        await PublishAsync(RegistryEntity.Key, rotated.Id.ToString());
        return new CreatedKey(rotated, secret);
    }

    /// <summary>Registers or replaces a node.</summary>
    public async Task<GpuNodeRecord> UpsertNodeAsync(GpuNodeRecord node, CancellationToken ct)
    {
        await _storage.Nodes.UpsertAsync(node, ct);
        Applied(() => _nodes.Upsert(node));
        await PublishAsync(RegistryEntity.Node, node.Id);
        await RefreshAsync(_grains.GetGrain<IGpuNodeGrain>(node.Id).Refresh, node.Id);
        return node;
    }

    /// <summary>Removes a node; requests already running on it finish, new ones cannot find it. False when unknown.</summary>
    public async Task<bool> DeleteNodeAsync(string id, CancellationToken ct)
    {
        if (!await _storage.Nodes.DeleteAsync(id, ct))
        {
            return false;
        }

        Applied(() => _nodes.Remove(id));
        await PublishAsync(RegistryEntity.Node, id);
        await RefreshAsync(_grains.GetGrain<IGpuNodeGrain>(id).Refresh, id);
        return true;
    }

    /// <summary>Registers or replaces a model.</summary>
    public async Task<ModelRecord> UpsertModelAsync(ModelRecord model, CancellationToken ct)
    {
        await _storage.Models.UpsertAsync(model, ct);
        Applied(() => _models.Upsert(model));
        await PublishAsync(RegistryEntity.Model, model.Name);
        return model;
    }

    /// <summary>Adds a price to a model's history.</summary>
    public async Task SetPriceAsync(ModelPrice price, CancellationToken ct)
    {
        await _storage.Models.AddPriceAsync(price, ct);
        _models.Resolve(price.Model)?.Prices.Add(price);
        await PublishAsync(RegistryEntity.Model, price.Model);
    }

    /// <summary>A plan this silo wrote: applied here at once, and every other silo re-reads it.</summary>
    public async Task PlanWrittenAsync(PlanRecord plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        Applied(() => _plans?.Upsert(plan));
        await PublishAsync(RegistryEntity.Plan, plan.Name);
    }

    private async Task PublishAsync(RegistryEntity entity, string id)
    {
        try
        {
            await _grains.GetGrain<IRegistryGrain>(0).Publish(new RegistryChange(entity, id)).WaitAsync(PublishTimeout, _time);
        }
        catch (Exception ex) when (ex is OrleansException or TimeoutException)
        {
            // Storage has the change: silos re-read everything when the registry grain comes back as a new incarnation.
            LogPublishFailed(_logger, ex, entity, id);
        }
    }

    /// <summary>Tells the one grain that enforces an entry to re-read it (limits, node record).</summary>
    private async Task RefreshAsync(Func<Task> refresh, string id)
    {
        try
        {
            await refresh().WaitAsync(PublishTimeout, _time);
        }
        catch (Exception ex) when (ex is OrleansException or TimeoutException)
        {
            // The grain keeps the old record until it re-activates (it reads storage then).
            LogRefreshFailed(_logger, ex, id);
        }
    }

    private static readonly TimeSpan PublishTimeout = TimeSpan.FromSeconds(5);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Publishing a change of {Entity} {Id} to the other silos failed")]
    private static partial void LogPublishFailed(ILogger logger, Exception exception, RegistryEntity entity, string id);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refreshing the grain of {Id} failed")]
    private static partial void LogRefreshFailed(ILogger logger, Exception exception, string id);
}
