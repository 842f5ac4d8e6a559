namespace GatoLink.Grains.Quotas;

/// <summary>One central quota row: a limit of one key or tenant.</summary>
/// <param name="Scope">Key or tenant.</param>
/// <param name="Id">The key id or tenant id.</param>
/// <param name="Kind">Which limit.</param>
public readonly record struct QuotaId(LimitScope Scope, string Id, LimitKind Kind);
