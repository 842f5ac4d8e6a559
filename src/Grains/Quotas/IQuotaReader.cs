namespace GatoLink.Grains.Quotas;

/// <summary>Reads the central quota rows for the budget API (never on the hot path).</summary>
public interface IQuotaReader
{
    /// <summary>
    /// The cluster-wide state of <paramref name="quota"/> under <paramref name="definition"/>: used = limit − central
    /// remaining − what silos hold in unexpired slices (as of their last grant).
    /// </summary>
    ValueTask<QuotaReading> ReadAsync(QuotaId quota, QuotaDefinition definition, CancellationToken cancellationToken);
}
