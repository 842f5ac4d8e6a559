namespace GatoLink.Gateway.Admin;

/// <summary>One limit of a budget answer. Cost amounts are micro-dollars (unit <c>usd_micros</c>).</summary>
/// <param name="Name">e.g. <c>requests_per_minute</c>, <c>daily_cost</c>.</param>
/// <param name="Unit"><c>requests</c>, <c>tokens</c> or <c>usd_micros</c>.</param>
/// <param name="Limit">The limit.</param>
/// <param name="Used">Used in the current window.</param>
/// <param name="Remaining">What can still be admitted.</param>
/// <param name="Window"><c>minute</c>, <c>day</c> or <c>month</c> (UTC).</param>
/// <param name="ResetsAt">When the window ends (a bucket: when it is full again).</param>
public sealed record BudgetLimitView(string Name, string Unit, long Limit, long Used, long Remaining, string Window, DateTimeOffset ResetsAt);

/// <summary>The live budget of a key or tenant, for the whole cluster.</summary>
/// <param name="Scope"><c>key</c> or <c>tenant</c>.</param>
/// <param name="Id">Key or tenant id.</param>
/// <param name="TenantId">The tenant.</param>
/// <param name="Limits">Every limit that is set.</param>
/// <param name="Wallet">The tenant's prepaid wallet, when its requests draw on one.</param>
public sealed record BudgetView(string Scope, Guid Id, Guid TenantId, IReadOnlyList<BudgetLimitView> Limits, BudgetWalletView? Wallet = null);

/// <summary>A prepaid tenant's wallet in a budget answer, micro-dollars (unit <c>usd_micros</c>).</summary>
/// <param name="Balance">Credited minus spent.</param>
/// <param name="Available">What new requests may still reserve (the balance minus requests in flight).</param>
/// <param name="LowBalance">The low-balance threshold, or null.</param>
/// <param name="Low">Whether the balance is below it.</param>
public sealed record BudgetWalletView(long Balance, long Available, long? LowBalance, bool Low);
