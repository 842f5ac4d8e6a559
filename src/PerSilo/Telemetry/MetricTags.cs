namespace GatoLink.PerSilo.Telemetry;

/// <summary>
/// The only label names GatoLink instruments use. All are bounded: models and nodes are configured, tenants are
/// capped by <see cref="TenantLabelLimiter"/>, reasons and statuses are enums. Key ids and request ids are never
/// labels: one series per key or request would grow Prometheus without bound; they belong on spans.
/// </summary>
public static class MetricTags
{
    /// <summary>Canonical model name.</summary>
    public const string Model = "model";

    /// <summary>HTTP status code answered to the client.</summary>
    public const string StatusCode = "status_code";

    /// <summary>Tenant id, capped; overflow is <see cref="TenantLabelLimiter.OtherTenant"/>.</summary>
    public const string Tenant = "tenant";

    /// <summary>A key's priority class in a model's queue: interactive or batch.</summary>
    public const string PriorityClass = "class";

    /// <summary>GPU node id (<see cref="TelemetryLabels.NoNode"/> when a placement chose none).</summary>
    public const string Node = "node";

    /// <summary>Refusal reason (<see cref="RefusalReason"/>) or how a placement ended (<see cref="TelemetryLabels.For(Placement.PlacementDecision)"/>).</summary>
    public const string Reason = "reason";

    /// <summary>Placement strategy of the model.</summary>
    public const string Strategy = "strategy";

    /// <summary>Membership status of a silo (<c>active</c>, <c>joining</c>, …).</summary>
    public const string Status = "status";

    /// <summary>Result of a response-cache lookup: <c>hit</c>, <c>miss</c> or <c>bypass</c>.</summary>
    public const string Result = "result";
}
