namespace GatoLink.Grains.Telemetry;

/// <summary>Span (activity) names GatoLink starts on <see cref="GatoLinkTracing.Source"/>.</summary>
public static class SpanNames
{
    /// <summary>A whole client request, root of the trace.</summary>
    public const string Request = "gatolink.request";

    /// <summary>Limit checks and waiting in the admission queue.</summary>
    public const string Admission = "gatolink.admission";

    /// <summary>Choosing a node.</summary>
    public const string Placement = "gatolink.placement";

    /// <summary>One attempt against one node (retries are siblings).</summary>
    public const string UpstreamAttempt = "gatolink.upstream_attempt";

    /// <summary>Writing a batch of usage events to the ledger.</summary>
    public const string LedgerWrite = "gatolink.ledger_write";
}
