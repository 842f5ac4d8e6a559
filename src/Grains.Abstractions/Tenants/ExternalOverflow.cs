using System.Text.Json.Serialization;

namespace GatoLink.Grains.Abstractions.Tenants;

/// <summary>
/// Whether a tenant's requests may be sent to external providers (data residency). The model's
/// <c>OverflowPolicy</c> is the operator's opt-in (off by default); this is the tenant's opt-out.
/// </summary>
public enum ExternalOverflow
{
    /// <summary>May overflow to providers where the model's policy says so (the default).</summary>
    [JsonStringEnumMemberName("allow")]
    Allow,
    /// <summary>Never leaves the own pool: where the pool cannot serve, 503 <c>external_overflow_denied</c>.</summary>
    [JsonStringEnumMemberName("deny")]
    Deny,
}
