using System.Security.Cryptography;
using GatoLink.Bench.GrainCalls;
using GatoLink.Grains.Abstractions.Keys;
using GatoLink.Grains.Abstractions.Model;
using GatoLink.Grains.Abstractions.Plans;
using GatoLink.Grains.Abstractions.Quotas;
using GatoLink.Grains.Abstractions.Tenants;
using GatoLink.Grains.Abstractions.Wallets;

namespace GatoLink.Bench.Wallet;

/// <summary>
/// Tenants and keys written to registry storage as the admin API would, with their grains placed on the silos a
/// <see cref="Scenario"/> names: candidates are activated and kept when the directory reports the wanted silo
/// (Orleans' placement weighs silo load, so the first activation may land anywhere).
/// </summary>
public static class Targets
{
    /// <summary>The price the bench's requests are charged at (micro-USD per million tokens).</summary>
    public static ModelPrice Price { get; } = new("bench", 150_000, 600_000, DateTimeOffset.UnixEpoch);

    /// <summary>A thousand dollars of credit: far more than a run spends, so the wallet always admits.</summary>
    private const long CreditMicros = 1_000_000_000;

    private const int Candidates = 32;

    /// <summary>Every limit set far above the traffic, so each Admit runs the whole check and is admitted.</summary>
    private static readonly Limits Roomy = new(1_000_000_000, 1_000_000_000_000, 1_000_000_000_000, 1_000_000_000_000, 1_000_000_000_000);

    /// <summary>The key id for <paramref name="scenario"/>, its grain and its tenant's on the silos it names.</summary>
    public static async Task<Guid> PlaceAsync(BenchCluster cluster, Scenario scenario, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(scenario);
        var tenant = await PlaceTenantAsync(cluster, scenario, ct);
        var factory = cluster.FactoryOf(scenario.KeySilo);
        for (var i = 0; i < Candidates; i++)
        {
            var key = new ApiKeyRecord(Guid.NewGuid(), tenant, $"k{i}", "gl-bench", RandomNumberGenerator.GetBytes(32), ApiKeyRole.User, ApiKeyStatus.Active, null, Roomy, [], DateTimeOffset.UtcNow);
            await cluster.Storage.ApiKeys.CreateAsync(key, ct);
            var grain = factory.GetGrain<IApiKeyGrain>(key.Id);
            await AdmitSettleAsync(grain, scenario, ct);
            if (await OnAsync(cluster, grain, scenario.KeySilo, ct))
            {
                return key.Id;
            }
        }

        throw new InvalidOperationException($"No key grain of '{scenario.Name}' landed on silo {scenario.KeySilo}.");
    }

    /// <summary>One admission and its settlement, as a request makes them; throws when refused (the bench must not measure refusals).</summary>
    public static async Task<(long AdmitTicks, long SettleTicks)> AdmitSettleAsync(IApiKeyGrain grain, Scenario scenario, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(grain);
        ArgumentNullException.ThrowIfNull(scenario);
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var result = await grain.Admit(new AdmitRequest(40, 64, Price, scenario.TenantLimited, Guid.NewGuid()), ct);
        var admitted = System.Diagnostics.Stopwatch.GetTimestamp();
        if (!result.Admitted)
        {
            throw new InvalidOperationException($"'{scenario.Name}' was refused: {result.Refusal}");
        }

        await grain.Settle(new Settlement(result.ReservationId, 40, 12, 10, result.TenantReservationId));
        return (admitted - started, System.Diagnostics.Stopwatch.GetTimestamp() - admitted);
    }

    private static async Task<Guid> PlaceTenantAsync(BenchCluster cluster, Scenario scenario, CancellationToken ct)
    {
        var factory = cluster.FactoryOf(scenario.TenantSilo);
        for (var i = 0; i < Candidates; i++)
        {
            var now = DateTimeOffset.UtcNow;
            var billing = scenario.Prepaid ? new TenantBilling(null, BillingMode.Prepaid, now, null) : null;
            var tenant = new TenantRecord(Guid.NewGuid(), $"bench-{Guid.NewGuid():N}", scenario.TenantLimits ? Roomy : Limits.None, false, now, Billing: billing);
            await cluster.Storage.Tenants.CreateAsync(tenant, ct);
            var grain = factory.GetGrain<ITenantGrain>(tenant.Id);
            if (scenario.Prepaid)
            {
                var credit = new WalletTransaction(Guid.NewGuid(), tenant.Id, CreditMicros, "bench credit", $"bench-{tenant.Id:N}", "bench", now);
                var result = await grain.TopUp(credit);
                if (result.Outcome != TopUpOutcome.Credited)
                {
                    throw new InvalidOperationException($"The bench's top-up was not credited: {result.Outcome}.");
                }
            }
            else
            {
                await grain.ReadWallet();
            }

            if (!scenario.TenantLimited || await OnAsync(cluster, grain, scenario.TenantSilo, ct))
            {
                return tenant.Id;
            }
        }

        throw new InvalidOperationException($"No tenant grain of '{scenario.Name}' landed on silo {scenario.TenantSilo}.");
    }

    private static async Task<bool> OnAsync(BenchCluster cluster, IAddressable grain, int silo, CancellationToken ct) =>
        await cluster.FactoryOf(0).GetGrain<IManagementGrain>(0).GetActivationAddress(grain, ct) is { } at && at.Equals(cluster.AddressOf(silo));
}
