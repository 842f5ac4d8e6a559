namespace GatoLink.Grains.Quotas;

/// <summary>Outcome of reserving from a <see cref="BudgetCounter"/>.</summary>
/// <param name="Reserved">Whether anything was reserved.</param>
/// <param name="Amount">Units (micro-dollars or tokens) reserved.</param>
/// <param name="OutputTokens">For cost claims: the max_tokens the reservation pays for (possibly capped).</param>
/// <param name="Window">The budget window the amount was reserved in.</param>
public readonly record struct BudgetClaim(bool Reserved, long Amount, long OutputTokens, BudgetWindow Window);
