namespace GatoLink.Grains.Telemetry;

/// <summary>
/// The only label names GatoLink instruments use. All are bounded: models and nodes are
/// configured, tenants are capped by <see cref="TenantLabelLimiter"/>. Key ids and request ids
/// are never labels (see <see cref="MetricLabelPolicy"/>); they belong on spans.
/// </summary>
public static class MetricTags
{
    /// <summary>Canonical model name.</summary>
    public const string Model = "model";

    /// <summary>HTTP status code answered to the client.</summary>
    public const string StatusCode = "status_code";

    /// <summary>Tenant id, capped; overflow is <see cref="TenantLabelLimiter.OtherTenant"/>.</summary>
    public const string Tenant = "tenant";

    /// <summary>GPU node id.</summary>
    public const string Node = "node";

    /// <summary>Refusal reason, see <see cref="RefusalReason"/>.</summary>
    public const string Reason = "reason";

}
