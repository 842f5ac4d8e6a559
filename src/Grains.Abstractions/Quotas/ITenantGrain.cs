using GatoLink.Grains.Abstractions.Wallets;
using Orleans.Concurrency;

namespace GatoLink.Grains.Abstractions.Quotas;

/// <summary>
/// The authority for one tenant's limits and budgets, shared by all its keys, and for its prepaid wallet (key: the
/// tenant id). A prepaid tenant's admission reserves from the wallet in the same call that checks its limits.
/// </summary>
[Alias("gatolink.tenant-grain")]
public interface ITenantGrain : IGrainWithGuidKey, ILimitedGrain
{
    /// <summary>Writes a top-up or adjustment (idempotent by its key) and credits it; durable before it answers.</summary>
    Task<TopUpResult> TopUp(WalletTransaction transaction);

    /// <summary>The wallet now.</summary>
    [ReadOnly]
    Task<WalletState> ReadWallet();
}
