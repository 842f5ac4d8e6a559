using GatoLink.Grains.Abstractions.Quotas;

namespace GatoLink.Grains.Quotas;

/// <summary>One amount reserved from one limit.</summary>
/// <param name="Scope">Key or tenant.</param>
/// <param name="Kind">Which limit.</param>
/// <param name="Amount">Requests, tokens or micro-dollars.</param>
/// <param name="Window">For budgets: the window it was reserved in (settling after rollover leaves the new window alone).</param>
public readonly record struct ReservedAmount(LimitScope Scope, LimitKind Kind, long Amount, BudgetWindow Window);
