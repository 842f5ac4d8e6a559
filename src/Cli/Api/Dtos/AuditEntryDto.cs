namespace GatoLink.Cli.Api.Dtos;

/// <summary>One audit entry; before/after are the JSON the mutation stored.</summary>
public sealed record AuditEntryDto(long Id, DateTimeOffset At, Guid? ActorKeyId, Guid? TenantId, string Action, string Target, string? Before, string? After);
