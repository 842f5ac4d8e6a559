using GatoLink.Grains.Abstractions.Keys;

namespace GatoLink.Gateway.Identity;

/// <summary>What a principal may do: its role, in its tenant (a system admin's is the <c>system</c> tenant).</summary>
public sealed record RoleGrant(ApiKeyRole Role, Guid TenantId);
