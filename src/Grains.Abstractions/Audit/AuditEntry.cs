namespace GatoLink.Grains.Abstractions.Audit;

/// <summary>One admin mutation: who did what to which entity, when, with the state before and after.</summary>
/// <param name="Id">Sequence number (0 before it is stored).</param>
/// <param name="At">When.</param>
/// <param name="ActorKeyId">The admin key that did it; null for the system itself (bootstrap).</param>
/// <param name="TenantId">The tenant concerned, if any (what a tenant admin may read).</param>
/// <param name="Action">What, e.g. <c>key.revoke</c>.</param>
/// <param name="Target">The entity, e.g. <c>key/0190…</c>.</param>
/// <param name="Before">JSON of the entity before; null when created. Never a secret.</param>
/// <param name="After">JSON of the entity after; null when deleted. Never a secret.</param>
/// <param name="ActorSubject">Who did it: the identity provider's subject of a signed-in user, <c>key/{id}</c> for an admin key; null for the system itself or entries older than this column.</param>
/// <param name="ActorName">The actor's display name (the user's name claim, the key's name), when known.</param>
public sealed record AuditEntry(long Id, DateTimeOffset At, Guid? ActorKeyId, Guid? TenantId, string Action, string Target, string? Before, string? After, string? ActorSubject = null, string? ActorName = null);
