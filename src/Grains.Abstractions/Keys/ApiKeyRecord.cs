using GatoLink.Grains.Abstractions.Attribution;
using GatoLink.Grains.Abstractions.Cache;

namespace GatoLink.Grains.Abstractions.Keys;

/// <summary>An API key as stored: never the secret, only its SHA-256.</summary>
/// <param name="Id">Key id.</param>
/// <param name="TenantId">Owning tenant.</param>
/// <param name="Name">Human name.</param>
/// <param name="Prefix">First characters of the secret, for display.</param>
/// <param name="SecretHash">SHA-256 of the secret (32 bytes).</param>
/// <param name="Role">What it may do.</param>
/// <param name="Status">Active or revoked.</param>
/// <param name="ExpiresAt">After this instant it is refused; null: never.</param>
/// <param name="Limits">Its own limits.</param>
/// <param name="AllowedModels">Models it may call; empty: all.</param>
/// <param name="CreatedAt">When it was made.</param>
/// <param name="Tags">Its default attribution tags and allowed tag keys; null: none.</param>
/// <param name="Cache">Its response-cache policy, which narrows its tenant's; null: the tenant's.</param>
/// <param name="Priority">Its class in a model's wait queue: interactive requests go before batch ones.</param>
public sealed record ApiKeyRecord(
    Guid Id,
    Guid TenantId,
    string Name,
    string Prefix,
    byte[] SecretHash,
    ApiKeyRole Role,
    ApiKeyStatus Status,
    DateTimeOffset? ExpiresAt,
    Limits Limits,
    IReadOnlyList<string> AllowedModels,
    DateTimeOffset CreatedAt,
    TagPolicy? Tags = null,
    CachePolicy? Cache = null,
    PriorityClass Priority = PriorityClass.Interactive);
