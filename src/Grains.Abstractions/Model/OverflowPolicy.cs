using System.Text.Json.Serialization;

namespace GatoLink.Grains.Abstractions.Model;

/// <summary>
/// When a model's requests may leave the own pool for the external providers of its fallback chain, in the chain's
/// order. A provider is never the first choice; a tenant with <c>external_overflow: deny</c> never reaches one.
/// </summary>
public enum OverflowPolicy
{
    /// <summary>Never: the own pool only (queueing when it is saturated), the default.</summary>
    [JsonStringEnumMemberName("never")]
    Never,
    /// <summary>
    /// When every own node is saturated, the next provider instead of the model's queue; and, as
    /// <see cref="OnError"/>, when the own pool failed. Back to the own pool as soon as a node of it has room.
    /// </summary>
    [JsonStringEnumMemberName("when_saturated")]
    WhenSaturated,
    /// <summary>
    /// Only when no own node can take the request: each failed (429, 5xx, connect error, first-token time-out; before
    /// the first byte only, as failover between own nodes) or none is available (open circuits, none registered).
    /// </summary>
    [JsonStringEnumMemberName("on_error")]
    OnError,
}
