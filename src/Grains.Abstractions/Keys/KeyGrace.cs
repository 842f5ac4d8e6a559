namespace GatoLink.Grains.Abstractions.Keys;

/// <summary>The hash of a rotated-out secret that still authenticates its key until <paramref name="ExpiresAt"/>.</summary>
/// <param name="KeyId">The key.</param>
/// <param name="SecretHash">SHA-256 of the old secret.</param>
/// <param name="ExpiresAt">End of the grace period.</param>
public sealed record KeyGrace(Guid KeyId, byte[] SecretHash, DateTimeOffset ExpiresAt);
