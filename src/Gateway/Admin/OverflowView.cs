using GatoLink.Grains.Abstractions.Model;

namespace GatoLink.Gateway.Admin;

/// <summary>A model's overflow policy and fallback chain, as <c>GET/PUT /admin/models/{name}/overflow</c> show them.</summary>
public sealed record OverflowView(string Model, OverflowPolicy Overflow, IReadOnlyList<string> Fallback)
{
    /// <summary>The view of a model's record.</summary>
    public static OverflowView From(ModelRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return new(record.Name, record.Overflow, record.FallbackOrEmpty);
    }
}
