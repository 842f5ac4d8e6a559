namespace GatoLink.Grains.Abstractions.Responses;

/// <summary>Stored Responses API answers, per tenant, in the ledger database (every silo reads the same rows).</summary>
public interface IResponseStore
{
    /// <summary>Keeps <paramref name="response"/> (an id is written once).</summary>
    Task SaveAsync(StoredResponse response, CancellationToken ct);

    /// <summary>The tenant's response <paramref name="id"/> if it exists and has not expired at <paramref name="now"/>; null otherwise (another tenant's too).</summary>
    Task<StoredResponse?> FindAsync(Guid tenantId, string id, DateTimeOffset now, CancellationToken ct);

    /// <summary>Deletes the tenant's response <paramref name="id"/>; false when it had none (or it expired).</summary>
    Task<bool> DeleteAsync(Guid tenantId, string id, DateTimeOffset now, CancellationToken ct);

    /// <summary>Deletes every response expired at <paramref name="now"/>; returns how many.</summary>
    Task<int> PurgeExpiredAsync(DateTimeOffset now, CancellationToken ct);
}
