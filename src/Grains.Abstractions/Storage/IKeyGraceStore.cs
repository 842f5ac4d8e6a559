using GatoLink.Grains.Abstractions.Keys;

namespace GatoLink.Grains.Abstractions.Storage;

/// <summary>Old secrets of rotated keys during their grace period.</summary>
public interface IKeyGraceStore
{
    /// <summary>Records an old hash valid until its expiry.</summary>
    Task AddAsync(KeyGrace grace, CancellationToken ct);

    /// <summary>Every grace not expired at <paramref name="now"/>.</summary>
    Task<IReadOnlyList<KeyGrace>> ListActiveAsync(DateTimeOffset now, CancellationToken ct);
}
