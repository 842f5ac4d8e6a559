using GatoLink.Grains.Abstractions.Nodes;
using GatoLink.PerSilo.Placement.Prefix;
using GatoLink.PerSilo.Nodes.Load;
using GatoLink.Grains.Nodes;

namespace GatoLink.PerSilo.Nodes;

/// <summary>
/// This silo's replica of one inference server, read by placement with no call: the registry record, this silo's
/// requests in flight, its circuit breaker (<see cref="SiloCircuit"/>), and what the node's
/// <c>GpuNodeGrain</c> last answered (its scraped load and the other silos' requests in flight), so that what the
/// cluster sent since the last scrape counts and a burst does not pile onto one node between scrapes.
/// </summary>
public sealed class NodeReplica
{
    private readonly TimeProvider _time;
    private readonly SiloCircuit _circuit;
    private GpuNodeRecord _record;
    private IReadOnlyList<string> _models;
    private int _inFlight;
    private readonly CapacitySignal? _signal;
    private NodeLoadSample? _sample;
    private long _sampleAt;
    private long _kvCapacityTokens;
    private int _inFlightAtScrape;
    private double _maxRunningSeen;
    private double _fullAt;
    private long _inFlightTokens;
    private int _scrapeFailures;
    private double _meanRequestSeconds;
    private long _appliedSample;
    private int _othersInFlight;
    private long _othersInFlightTokens;
    private int _othersAtScrape;
    private int _failuresSinceSync;
    private int _successesSinceSync;
    private long _clusterOpenUntil;

    /// <summary>Creates the entry.</summary>
    public NodeReplica(GpuNodeRecord record, TimeProvider time, NodeHealthOptions health, CapacitySignal? signal = null)
    {
        _record = record;
        _models = record.Models;
        _time = time;
        _circuit = new SiloCircuit(time, health);
        _signal = signal;
        GpuClock = new GpuShareClock(time);
    }

    /// <summary>Recent prompt chunks sent to the node, for prefix affinity.</summary>
    public PrefixIndex Prefix { get; } = new();

    /// <summary>Tokens (prompt + allowed output) of this silo's requests in flight to the node.</summary>
    public long InFlightTokens => Interlocked.Read(ref _inFlightTokens);

    /// <summary>Tokens of the whole cluster's requests in flight to the node (the others' as of the last sync).</summary>
    public long ClusterInFlightTokens => InFlightTokens + Interlocked.Read(ref _othersInFlightTokens);

    /// <summary>The whole cluster's requests in flight to the node (the others' as of the last sync).</summary>
    public int ClusterInFlight => InFlight + Volatile.Read(ref _othersInFlight);

    /// <summary>What this silo reports to the node's grain: its requests in flight, and its upstream outcomes since the last report.</summary>
    public NodeSiloReport Report(string siloId) =>
        new(siloId, InFlight, InFlightTokens, Interlocked.Exchange(ref _failuresSinceSync, 0), Interlocked.Exchange(ref _successesSinceSync, 0));

    /// <summary>
    /// Takes the node grain's answer: a new scrape replaces what the cluster added since the last one (its age is the
    /// grain's, not this silo's); the other silos' requests in flight count in the live load.
    /// </summary>
    public void Apply(NodeView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        if (view.OthersInFlight != Volatile.Read(ref _othersInFlight))
        {
            GpuClock.SetOthers(view.OthersInFlight);
        }

        Volatile.Write(ref _othersInFlight, view.OthersInFlight);
        Interlocked.Exchange(ref _othersInFlightTokens, view.OthersInFlightTokens);
        Volatile.Write(ref _scrapeFailures, view.ScrapeFailures);
        Interlocked.Exchange(ref _clusterOpenUntil, view.CircuitOpenFor > TimeSpan.Zero
            ? _time.GetTimestamp() + (long)(view.CircuitOpenFor.TotalSeconds * _time.TimestampFrequency)
            : 0);
        if (view.DiscoveredModels.Length > 0)
        {
            SetDiscoveredModels(view.DiscoveredModels);
        }

        if (view.Sample is { } sample && view.SampleNumber != Interlocked.Read(ref _appliedSample))
        {
            Interlocked.Exchange(ref _appliedSample, view.SampleNumber);
            Volatile.Write(ref _othersAtScrape, view.OthersInFlightAtScrape);
            ReportLoad(sample);
            Interlocked.Exchange(ref _sampleAt, _time.GetTimestamp() - (long)(view.SampleAge.TotalSeconds * _time.TimestampFrequency));
            Volatile.Write(ref _scrapeFailures, view.ScrapeFailures);
            // Once applied, not at the sync's start: KV freed is seen only by a scrape, and a waiting request learnt of it a tick late.
            _signal?.Pulse();
        }
    }

    /// <summary>The last good scrape, or null.</summary>
    public NodeLoadSample? LastSample => Volatile.Read(ref _sample);

    /// <summary>Consecutive failed scrapes.</summary>
    public int ScrapeFailures => Volatile.Read(ref _scrapeFailures);

    /// <summary>Age of the last good scrape, or null when there was none.</summary>
    public TimeSpan? SampleAge => LastSample is null ? null : _time.GetElapsedTime(Interlocked.Read(ref _sampleAt));

    /// <summary>Whether the scraped figures can be trusted now.</summary>
    public NodeLoadState LoadState(TimeSpan staleAfter) =>
        SampleAge is not { } age ? NodeLoadState.Unknown : age <= staleAfter ? NodeLoadState.Fresh : NodeLoadState.Stale;

    /// <summary>Records a scrape: the node's own figures replace what this silo added since the last one.</summary>
    public void ReportLoad(NodeLoadSample sample)
    {
        Volatile.Write(ref _sample, sample);
        Interlocked.Exchange(ref _sampleAt, _time.GetTimestamp());
        var inFlight = InFlight;
        Volatile.Write(ref _inFlightAtScrape, inFlight);
        // The most the node was ever seen running: a lower bound of its batch size (max_num_seqs), which engines do not
        // export. A node that queued nothing was running every request the cluster had on it, even those it finished
        // between two of its own counts (a fast node reports a running count near zero while dozens are in flight).
        var seen = Math.Max(sample.Running ?? 0, sample.Waiting is 0 ? inFlight + Volatile.Read(ref _othersAtScrape) : 0);
        if (seen > Volatile.Read(ref _maxRunningSeen))
        {
            Volatile.Write(ref _maxRunningSeen, seen);
        }

        // A node that queues runs all it can: its running count then is its batch size (KV permitting), for FreeSlots.
        if (sample is { Waiting: > 0, Running: { } full } && full > Volatile.Read(ref _fullAt))
        {
            Volatile.Write(ref _fullAt, full);
        }
        Volatile.Write(ref _scrapeFailures, 0);
        if (sample.KvCapacityTokens is { } kv && kv > 0 && Interlocked.Exchange(ref _kvCapacityTokens, kv) != kv)
        {
            Prefix.SizeForCache(kv);
        }
    }

    /// <summary>Counts a failed scrape; the last sample goes stale on its own.</summary>
    public void ReportScrapeFailure() => Interlocked.Increment(ref _scrapeFailures);

    /// <summary>The load placement sees now; see <see cref="NodeLiveLoad"/>.</summary>
    public NodeLiveLoad LiveLoad(TimeSpan staleAfter)
    {
        var sample = Volatile.Read(ref _sample);
        // What the scrape cannot know yet: how many more of our requests are on the node than when it was
        // taken. Requests that ended since do not count; a closed loop of clients keeps this near zero.
        // Negative when more ended than were sent: each one that ended on a node that queued let a waiting request in.
        var net = InFlight - Volatile.Read(ref _inFlightAtScrape) + Volatile.Read(ref _othersInFlight) - Volatile.Read(ref _othersAtScrape);
        var sent = Math.Max(0, net);
        if (sample is null || _time.GetElapsedTime(Interlocked.Read(ref _sampleAt)) > staleAfter)
        {
            return new NodeLiveLoad(0, ClusterInFlight, double.NaN, Fresh: false);
        }

        // KV use stays as scraped: prompt tokens sent since are mostly shared prefix blocks (the point of
        // affinity), so adding them overstated use several-fold and saturated nodes that had room. The
        // request count sent since the scrape is what guards against bursts.
        var kv = sample.KvUsage ?? double.NaN;
        var running = sample.Running ?? ClusterInFlight;
        var waiting = sample.Waiting ?? 0;
        // Requests sent since the scrape fill the node's free slots first; only the rest queue. The free
        // slots are known only once the node was seen busy, so a node never seen busy is judged by its sends.
        // A node that queued is judged by what ended since too: the scrape's queue is shorter by each request that
        // ended, so a request waiting at the silo takes its place on the completion's pulse, not a scrape later.
        var free = waiting > 0 ? 0 : Math.Max(0, Volatile.Read(ref _maxRunningSeen) - running);
        var queue = waiting > 0 ? Math.Max(0, waiting + net) : Math.Max(0, sent - free);
        var fullAt = Volatile.Read(ref _fullAt);
        var slots = fullAt <= 0 ? double.PositiveInfinity : waiting > 0 ? Math.Max(0, -(waiting + net)) : Math.Max(0, fullAt - running - net);
        // The cluster's own count bounds the free slots: a request sent but not yet admitted when the scrape was taken is in
        // neither the scrape nor `net`, and one the node ended before the scrape but the silo after counts twice (bench/fairness:
        // batch work took the interactive headroom slot that way, and a chat waited a batch request's service time).
        slots = fullAt <= 0 ? slots : Math.Min(slots, Math.Max(0, fullAt - ClusterInFlight));
        return new NodeLiveLoad(queue, running, kv, Fresh: true, slots, Math.Max(0, -net));
    }

    /// <summary>The registry record.</summary>
    public GpuNodeRecord Record => Volatile.Read(ref _record);

    /// <summary>Node id.</summary>
    public string Id => Record.Id;

    /// <summary>Models served: configured, or discovered from the node when none were configured.</summary>
    public IReadOnlyList<string> Models => Volatile.Read(ref _models);

    /// <summary>This silo's requests in flight to the node.</summary>
    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>This silo's circuit breaker's state now.</summary>
    public CircuitState Circuit => _circuit.State;

    /// <summary>Replaces the record after an admin change.</summary>
    public void Update(GpuNodeRecord record)
    {
        Volatile.Write(ref _record, record);
        if (record.Models.Count > 0)
        {
            Volatile.Write(ref _models, record.Models);
        }
    }

    /// <summary>Records the models a node reported, used when none were configured.</summary>
    public void SetDiscoveredModels(IReadOnlyList<string> models)
    {
        if (Record.Models.Count == 0)
        {
            Volatile.Write(ref _models, models);
        }
    }

    /// <summary>True when the node serves <paramref name="model"/>.</summary>
    public bool Serves(string model)
    {
        var models = Models;
        for (var i = 0; i < models.Count; i++)
        {
            if (string.Equals(models[i], model, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Whether a new request may be sent now: this silo's circuit closed (or its one half-open probe), and the cluster's
    /// circuit (from the node grain) not open.
    /// </summary>
    public bool IsAvailable => _time.GetTimestamp() >= Interlocked.Read(ref _clusterOpenUntil) && _circuit.AllowsRequest;

    /// <summary>The node's GPU time shared among this silo's requests (chargeback).</summary>
    public GpuShareClock GpuClock { get; }

    /// <summary>Counts a request sent to the node; dispose the result when it ends.</summary>
    public NodeDispatch Dispatch() => Dispatch(0, 0);

    /// <summary>
    /// Counts a request sent to the node with its prompt and allowed output tokens (and its choices, the
    /// sequences it runs); call
    /// <see cref="NodeDispatch.FirstToken"/> when prefill is over and dispose the result when it ends.
    /// </summary>
    public NodeDispatch Dispatch(int promptTokens, int maxTokens, int sequences = 1)
    {
        Interlocked.Increment(ref _inFlight);
        var tokens = (long)promptTokens + maxTokens;
        Interlocked.Add(ref _inFlightTokens, tokens);
        _circuit.Sent();
        return new NodeDispatch(this, promptTokens, maxTokens, _time.GetTimestamp(), sequences, GpuClock.Enter(sequences));
    }

    internal void FirstToken(int promptTokens)
    {
        // Prefill is over: the prompt's blocks are now in the node's scraped KV use, or shared.
        Interlocked.Add(ref _inFlightTokens, -promptTokens);
    }

    internal void Release(long tokensLeft, long startedAt)
    {
        Interlocked.Decrement(ref _inFlight);
        Interlocked.Add(ref _inFlightTokens, -tokensLeft);

        // A racy EWMA is fine: it is an estimate, and a double write is atomic on 64-bit.
        var seconds = _time.GetElapsedTime(startedAt).TotalSeconds;
        var old = Volatile.Read(ref _meanRequestSeconds);
        Volatile.Write(ref _meanRequestSeconds, old == 0 ? seconds : old + (0.1 * (seconds - old)));
        _signal?.Pulse();
    }

    /// <summary>
    /// Seconds a request queued on the node can expect to wait per request ahead of it: the mean time
    /// this silo's requests spent on the node over the requests it runs at once. Null before any ended.
    /// Lets placement compare queues of fast and slow nodes (a queued request behind 4 slots of 2 s waits
    /// far longer than one behind 12 slots of 0.7 s).
    /// </summary>
    public double? SecondsPerQueued(double running)
    {
        var mean = Volatile.Read(ref _meanRequestSeconds);
        return mean > 0 ? mean / Math.Max(1, running) : null;
    }

    /// <summary>The node answered well: closes this silo's circuit.</summary>
    public void ReportSuccess()
    {
        Interlocked.Increment(ref _successesSinceSync);
        _circuit.Succeeded();
    }

    /// <summary>The node failed (connect error, 5xx, 429, timeout): may open this silo's circuit with backoff.</summary>
    public void ReportFailure()
    {
        Interlocked.Increment(ref _failuresSinceSync);
        _circuit.Failed();
    }
}
