using GatoLink.Grains.Abstractions.Nodes;

namespace GatoLink.Grains.Abstractions.Storage;

/// <summary>Durable GPU node registry.</summary>
public interface INodeStore
{
    /// <summary>Inserts or replaces a node.</summary>
    Task UpsertAsync(GpuNodeRecord node, CancellationToken ct);

    /// <summary>The node, or null.</summary>
    Task<GpuNodeRecord?> GetAsync(string id, CancellationToken ct);

    /// <summary>All nodes.</summary>
    Task<IReadOnlyList<GpuNodeRecord>> ListAsync(CancellationToken ct);

    /// <summary>Deletes a node; false when missing.</summary>
    Task<bool> DeleteAsync(string id, CancellationToken ct);
}
