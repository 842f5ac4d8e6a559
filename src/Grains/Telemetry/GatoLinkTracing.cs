using System.Diagnostics;

namespace GatoLink.Grains.Telemetry;

/// <summary>
/// The <see cref="ActivitySource"/> every GatoLink span starts on. Start spans with
/// <c>using var span = GatoLinkTracing.Source.StartActivity(SpanNames.Request);</c>; it returns
/// null (costs nothing) when no tracer listens. Key and request ids go here as span tags,
/// never on metrics.
/// </summary>
public static class GatoLinkTracing
{
    /// <summary>Name of the source; what a tracer provider subscribes to.</summary>
    public const string SourceName = "GatoLink";

    /// <summary>
    /// Process-wide by design: an <see cref="ActivitySource"/> is thread-safe, immutable from our
    /// side, and listeners attach to it by name, so one instance per process is the intended use.
    /// </summary>
    public static ActivitySource Source { get; } = new(SourceName);
}
