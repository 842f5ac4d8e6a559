using System.ComponentModel.DataAnnotations;
using GatoLink.Grains.Abstractions.Models;

namespace GatoLink.Grains.Placement;

/// <summary>Live-load placement settings (section <c>GatoLink:Placement</c>).</summary>
public sealed class PlacementOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "GatoLink:Placement";

    /// <summary>How often each node's metrics are scraped.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>A scrape older than this is distrusted: placement falls back to this silo's in-flight counts.</summary>
    public TimeSpan StaleAfter { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Timeout of one scrape request.</summary>
    public TimeSpan ScrapeTimeout { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often nodes with no configured models are asked for <c>/v1/models</c>.</summary>
    public TimeSpan DiscoveryInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>A node with at least this many requests waiting is saturated.</summary>
    [Range(1, int.MaxValue)]
    public double QueueThreshold { get; set; } = 2;

    /// <summary>
    /// A node at or above this KV-cache use is saturated. Higher than llm-d's 0.8: vLLM (and NodeSim) count
    /// the blocks of shared prefixes pinned by running requests, so a node holding a few hot prefixes
    /// read 0.8 while new requests of those groups needed only a few blocks (routing bench: p99 TTFT
    /// 6.5 s at 0.8 against 4.4–5.1 s at 0.95 on the shared-prefix workload).
    /// </summary>
    [Range(0.0, 1.0)]
    public double KvThreshold { get; set; } = 0.95;

    /// <summary>Weight of the queue-depth scorer (llm-d's default: 2).</summary>
    public double QueueWeight { get; set; } = 2;

    /// <summary>Weight of the KV-cache headroom scorer (llm-d's default: 2).</summary>
    public double KvWeight { get; set; } = 2;

    /// <summary>
    /// Weight of the prefix-affinity scorer: 6, twice llm-d's default. A shared prefix kept on one node is prefill saved
    /// and, more, KV cache not spent on a second copy: on bench/routing (a), where six long system prompts do not fit twice
    /// in the fleet's cache, spreading them cost a third of the prefix hits and with them the capacity the median needs.
    /// </summary>
    public double PrefixWeight { get; set; } = 6;

    /// <summary>
    /// Imbalance guard: a node whose queue means more than this many seconds of expected wait beyond the
    /// least-waiting candidate's loses its prefix score, so affinity never piles onto a hot node.
    /// </summary>
    /// <remarks>1 s by default, as SGLang's cache-aware router keeps a request on its cache's worker until the load is
    /// clearly unbalanced. It was 0 (affinity only among the least-waiting nodes): every small difference in queues then
    /// sent a group's requests to a cold node, which copied the prefix there and evicted another group's.</remarks>
    public double ImbalanceQueue { get; set; } = 1;

    /// <summary>
    /// Imbalance guard: the same when its KV-cache use exceeds the least-used candidate's by more than this; 1 (the
    /// default) turns it off. Nodes that keep prefixes warm run fuller caches by design (and nodes of different sizes
    /// fill differently), so a KV gap withdrew affinity exactly where it paid; a node whose cache cannot hold the request
    /// is still passed over (its free blocks are checked per request), and a full one is saturated.
    /// </summary>
    public double ImbalanceKv { get; set; } = 1;

    /// <summary>Longest time a request waits at the silo for a node to leave saturation; then 503.</summary>
    public TimeSpan MaxQueueWait { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Requests that may wait at once per model; more get 503 at once.</summary>
    [Range(0, int.MaxValue)]
    public int MaxQueueLength { get; set; } = 1024;

    /// <summary>
    /// The order of the model's wait queue: <see cref="QueueOrder.Fair"/> (class, then weighted fair share of GPU work
    /// across tenants) or <see cref="QueueOrder.Fifo"/> (arrival order, to compare against).
    /// </summary>
    public QueueOrder QueueOrder { get; set; } = QueueOrder.Fair;

    /// <summary>
    /// In the fair order, while interactive requests for a model arrived at this silo within <see cref="InteractiveWindow"/>,
    /// batch requests leave at least this many running slots free on every node (and never queue on a node), so an
    /// interactive request starts at once instead of waiting for a batch request to finish; more when the interactive
    /// demand needs it (<see cref="InteractiveReserveTarget"/>); 0: no headroom. Applies only to nodes seen full (whose
    /// batch size is known), so it costs nothing before saturation.
    /// </summary>
    [Range(0, 64)]
    public int InteractiveHeadroom { get; set; } = 1;

    /// <summary>
    /// The headroom follows the interactive demand: batch keeps free, over the model's nodes (spread evenly, never fewer
    /// than <see cref="InteractiveHeadroom"/> per node), as many running slots as this silo's interactive requests in flight
    /// exceed with a probability of at most 1 − this. Their count in flight is taken as Poisson with the measured mean
    /// (arrival rate × time in flight). Slots in use are refilled as batch work ends, so more than this share of
    /// interactive requests find a slot free. 0: only <see cref="InteractiveHeadroom"/>. bench/fairness: one slot per
    /// node left C's TTFT p99 at 2.7–3.1× its time alone, because three chats came within 40 ms.
    /// </summary>
    [Range(0, 0.9999)]
    public double InteractiveReserveTarget { get; set; } = 0.95;

    /// <summary>
    /// Whether silos add up their interactive demand through each model's demand grain once a second
    /// (<c>InteractiveDemandSync</c>), so the reserve is sized by the cluster's demand rather than this silo's. Off by
    /// default for now: with it on, the process-cluster partition test's keys on the lost silo were served again after
    /// 5.3–5.7 s in two CI runs against a 5 s bound (3.9–4.3 s before), while the survivors' reports to a demand grain on
    /// the lost silo failed every second; the cause is not established.
    /// </summary>
    public bool ShareInteractiveDemand { get; set; }

    /// <summary>
    /// How long after the last interactive request the batch headroom stays (then batch borrows the slots back). Minutes,
    /// not seconds: people pause between turns, and the first question after a pause would otherwise find every slot
    /// taken by batch work and wait a whole batch request's service time (no engine preempts a running request for a
    /// slot; vLLM's priority policy only reorders its waiting queue). The cost is the headroom's slots of batch
    /// throughput for this long after the last interactive request.
    /// </summary>
    public TimeSpan InteractiveWindow { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// When every node is saturated, the request at the head of the model's queue goes to a saturated node whose expected
    /// wait (its queue + 1, times its pace) is no longer than the wait of the last request in this silo's queue (see
    /// <c>QueueSpill</c>), so slow nodes take the share of the overflow they serve within the queue's own wait.
    /// </summary>
    public bool QueueSpill { get; set; } = true;

    /// <summary>
    /// How long a request may wait for a saturated node that holds its prompt's prefix when only cold nodes could take it
    /// now (delay scheduling, see <c>AffinityHold</c>); zero: never waits for affinity. 300 ms is a few completions of a
    /// busy node: a copied prefix costs its prefill on the cold node and, worse, KV blocks there for as long as the group
    /// keeps sending to both, which on a cache-bound node means fewer requests running. bench/routing (a) at 80 %: prefix
    /// hits 72–89 % against 65–72 % without, p50 TTFT 0.11–0.70 s (median of 4 rounds 0.22 s) against 0.35–0.71 s (0.55 s).
    /// </summary>
    public TimeSpan AffinityWait { get; set; } = TimeSpan.FromMilliseconds(300);
}
