using System.Security.Cryptography;
using System.Text;
using GatoLink.Grains.Abstractions.Keys;
using GatoLink.Grains.Abstractions.Model;
using GatoLink.Grains.Abstractions.Nodes;
using GatoLink.Grains.Abstractions.Tenants;

namespace GatoLink.Integration.Tests.Storage;

/// <summary>Records for the storage tests; times at whole milliseconds, the precision both databases keep.</summary>
internal static class Samples
{
    public static readonly DateTimeOffset Epoch = new(2026, 11, 22, 5, 0, 0, 123, TimeSpan.Zero);

    public static TenantRecord Tenant(string name, Limits? limits = null) =>
        new(Guid.NewGuid(), name, limits ?? Limits.None, false, Epoch);

    public static byte[] Hash(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));

    public static ApiKeyRecord Key(Guid tenantId, string secret, DateTimeOffset? createdAt = null) => new(
        Guid.NewGuid(),
        tenantId,
        $"key {secret}",
        secret[..6],
        Hash(secret),
        ApiKeyRole.TenantAdmin,
        ApiKeyStatus.Active,
        Epoch.AddDays(30),
        new Limits(60, 100_000, 5_000_000, 100_000_000, 10_000_000),
        ["llama-3-8b", "qwen2-7b"],
        createdAt ?? Epoch);

    public static ModelRecord Model(string name) =>
        new(name, [$"{name}-alias", $"{name}-latest"], 8192, 512, PlacementStrategyKind.LeastRequest, Epoch);

    public static GpuNodeRecord Node(string id) => new(
        id,
        new Uri($"http://10.0.0.7:8000/{id}"),
        EngineKind.LlamaCpp,
        ["llama-3-8b"],
        80.5,
        new Dictionary<string, string> { ["zone"] = "eu-1", ["gpu"] = "a100" },
        false,
        Epoch);
}
