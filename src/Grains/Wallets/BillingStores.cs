using GatoLink.Grains.Abstractions.Plans;
using GatoLink.Grains.Abstractions.Wallets;

namespace GatoLink.Grains.Wallets;

/// <summary>The stores a tenant grain needs for billing: its plan and its wallet's transactions.</summary>
/// <param name="Plans">Plans.</param>
/// <param name="Wallets">Wallet transactions.</param>
public sealed record BillingStores(IPlanStore Plans, IWalletStore Wallets);
