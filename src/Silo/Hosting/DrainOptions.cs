using System.ComponentModel.DataAnnotations;

namespace GatoLink.Silo.Hosting;

/// <summary>How a silo drains when its host stops (SIGTERM, Ctrl+C): section <c>GatoLink:Drain</c>.</summary>
public sealed class DrainOptions
{
    /// <summary>The section name.</summary>
    public const string Section = "GatoLink:Drain";

    /// <summary>
    /// The longest running requests and streams may take to finish once the drain began; those still running then are
    /// ended (a stream with an OpenAI-shaped error event) and their usage is recorded.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The least time the drain lasts, even with nothing running, so that a load balancer polling <c>/readyz</c> sees the
    /// silo leave before it stops listening (on Kubernetes about the endpoint propagation delay, e.g. 5 s). Within
    /// <see cref="Timeout"/>.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan ReadinessDelay { get; set; } = TimeSpan.Zero;

    /// <summary>The <c>Retry-After</c> seconds sent with a request refused while draining.</summary>
    [Range(0, 60)]
    public int RetryAfterSeconds { get; set; } = 1;
}
