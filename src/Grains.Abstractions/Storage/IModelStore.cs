using GatoLink.Grains.Abstractions.Model;

namespace GatoLink.Grains.Abstractions.Storage;

/// <summary>Durable model registry and price history.</summary>
public interface IModelStore
{
    /// <summary>Inserts or replaces a model.</summary>
    Task UpsertAsync(ModelRecord model, CancellationToken ct);

    /// <summary>All models.</summary>
    Task<IReadOnlyList<ModelRecord>> ListAsync(CancellationToken ct);

    /// <summary>Deletes a model; false when missing.</summary>
    Task<bool> DeleteAsync(string name, CancellationToken ct);

    /// <summary>Appends a price that applies from its effective time.</summary>
    Task AddPriceAsync(ModelPrice price, CancellationToken ct);

    /// <summary>Every price of every model, oldest first.</summary>
    Task<IReadOnlyList<ModelPrice>> ListPricesAsync(CancellationToken ct);
}
