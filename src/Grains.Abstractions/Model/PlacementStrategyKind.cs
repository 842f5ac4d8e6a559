using System.Text.Json.Serialization;

namespace GatoLink.Grains.Abstractions.Model;

/// <summary>How a model's requests are placed on its nodes.</summary>
public enum PlacementStrategyKind
{
    /// <summary>Live load, KV headroom and prefix affinity (the default).</summary>
    [JsonStringEnumMemberName("gatolink")]
    GatoLink,
    /// <summary>Fewest requests in flight.</summary>
    LeastRequest,
    /// <summary>Each node in turn.</summary>
    RoundRobin,
}
