using GatoLink.Grains.Abstractions.Keys;

namespace GatoLink.Grains.Abstractions.Tenants;

/// <summary>A tenant as stored.</summary>
public sealed record TenantRecord(
    Guid Id,
    string Name,
    Limits Limits,
    bool Disabled,
    DateTimeOffset CreatedAt);
