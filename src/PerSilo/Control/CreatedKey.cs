using GatoLink.Grains.Abstractions.Keys;

namespace GatoLink.PerSilo.Control;

/// <summary>A new key and its secret, shown once.</summary>
public sealed record CreatedKey(ApiKeyRecord Key, string Secret);
