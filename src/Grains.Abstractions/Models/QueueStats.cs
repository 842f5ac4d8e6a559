namespace GatoLink.Grains.Abstractions.Models;

/// <summary>A model's cluster-wide wait queue now.</summary>
/// <param name="Length">Requests waiting, the head included.</param>
/// <param name="WaitP95Seconds">p95 of the time requests spent in the queue over the last minute (0 when none queued).</param>
[GenerateSerializer]
[Alias("gatolink.queue-stats")]
public sealed record QueueStats([property: Id(0)] int Length, [property: Id(1)] double WaitP95Seconds);
