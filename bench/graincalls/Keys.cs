using System.Security.Cryptography;
using GatoLink.Grains.Abstractions.Keys;
using GatoLink.Grains.Abstractions.Tenants;

namespace GatoLink.Bench.GrainCalls;

/// <summary>Tenants and keys written straight to registry storage, as the admin API would.</summary>
public static class Keys
{
    /// <summary>Every limit set, far above what the bench uses, so each Admit runs the whole check and is admitted.</summary>
    public static Limits Roomy { get; } = new(
        RequestsPerMinute: 1_000_000_000,
        TokensPerMinute: 1_000_000_000_000,
        DailyCostMicros: 1_000_000_000_000,
        MonthlyCostMicros: 1_000_000_000_000,
        MonthlyTokens: 1_000_000_000_000);

    /// <summary>What bench/failover's keymemory gives each key: <c>rpm: 1000</c>.</summary>
    public static Limits RpmOnly { get; } = new(RequestsPerMinute: 1000);

    /// <summary>A tenant without limits (its keys' grains never call the tenant grain).</summary>
    public static async Task<Guid> CreateTenantAsync(BenchCluster cluster, CancellationToken ct)
    {
        var tenant = new TenantRecord(Guid.NewGuid(), $"bench-{Guid.NewGuid():N}", Limits.None, false, DateTimeOffset.UtcNow);
        await cluster.Storage.Tenants.CreateAsync(tenant, ct);
        return tenant.Id;
    }

    /// <summary>Creates <paramref name="count"/> keys with <paramref name="limits"/>; returns their ids.</summary>
    public static async Task<Guid[]> CreateAsync(BenchCluster cluster, Guid tenant, int count, Limits limits, CancellationToken ct)
    {
        var ids = new Guid[count];
        for (var i = 0; i < count; i++)
        {
            var key = new ApiKeyRecord(Guid.NewGuid(), tenant, $"k{i}", "gl-bench", RandomNumberGenerator.GetBytes(32), ApiKeyRole.User, ApiKeyStatus.Active, null, limits, [], DateTimeOffset.UtcNow);
            await cluster.Storage.ApiKeys.CreateAsync(key, ct);
            ids[i] = key.Id;
        }

        return ids;
    }
}
