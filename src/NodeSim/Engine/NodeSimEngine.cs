namespace GatoLink.NodeSim;

/// <summary>
/// The simulated scheduler: max_num_seqs slots, a FIFO waiting queue bounded by max_waiting, and the KV cache.
/// All state changes happen under one short lock; nothing awaits while holding it.
/// </summary>
public sealed class NodeSimEngine
{
    private string? _lastTraceParent;

    private readonly Lock _gate = new();
    private readonly LinkedList<GenerationSession> _queue = new();
    private readonly KvCacheManager _kv;
    private SimFaults _faults;
    private int _running;
    private long _sequence;
    private long _received;
    private long _completed;
    private long _cancelled;
    private long _failed;
    private long _promptTokens;
    private long _generationTokens;
    private long _prefixQueries;
    private long _prefixHits;
    private long _finishedStop;
    private long _finishedLength;
    private long _busySince;
    private long _busyTicks;

    internal NodeSimEngine(NodeSimOptions options, TimeProvider time)
    {
        options.Validate();
        Options = options;
        Time = time;
        _faults = options.Faults;
        _kv = new KvCacheManager(options.NumGpuBlocks, options.BlockSize);
    }

    public int Running => Volatile.Read(ref _running);

    public int Waiting
    {
        get
        {
            lock (_gate)
            {
                return _queue.Count;
            }
        }
    }

    public long RequestsReceived => Interlocked.Read(ref _received);

    /// <summary>
    /// How long the node has had at least one sequence running (its GPU busy), by its <see cref="TimeProvider"/>: what
    /// a gateway's per-request GPU shares of this node should add up to.
    /// </summary>
    public TimeSpan BusyTime
    {
        get
        {
            lock (_gate)
            {
                var open = _running > 0 ? Time.GetTimestamp() - _busySince : 0;
                return TimeSpan.FromSeconds((double)(_busyTicks + open) / Time.TimestampFrequency);
            }
        }
    }

    /// <summary>The W3C <c>traceparent</c> of the last generation request that carried one.</summary>
    public string? LastTraceParent
    {
        get => Volatile.Read(ref _lastTraceParent);
        set => Volatile.Write(ref _lastTraceParent, value);
    }

    public long RequestsCompleted => Interlocked.Read(ref _completed);

    public long RequestsCancelled => Interlocked.Read(ref _cancelled);

    /// <summary>Injected faults, queue-full 503s and dropped connections.</summary>
    public long RequestsFailed => Interlocked.Read(ref _failed);

    public long PromptTokensTotal => Interlocked.Read(ref _promptTokens);

    /// <summary>Generation tokens actually emitted.</summary>
    public long GenerationTokensTotal => Interlocked.Read(ref _generationTokens);

    public long PrefixCacheQueries => Interlocked.Read(ref _prefixQueries);

    public long PrefixCacheHits => Interlocked.Read(ref _prefixHits);

    /// <summary>Fraction (0..1) of KV blocks held by running requests.</summary>
    public double KvCacheUsage
    {
        get
        {
            lock (_gate)
            {
                return (double)_kv.UsedBlocks / _kv.TotalBlocks;
            }
        }
    }

    public SimFaults Faults
    {
        get => Volatile.Read(ref _faults);
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            value.Validate();
            Volatile.Write(ref _faults, value);
        }
    }

    internal NodeSimOptions Options { get; }

    internal TimeProvider Time { get; }

    internal Histogram TimeToFirstToken { get; } = new(Histogram.TtftBuckets);

    internal Histogram E2eLatency { get; } = new(Histogram.E2eBuckets);

    internal long FinishedStop => Interlocked.Read(ref _finishedStop);

    internal long FinishedLength => Interlocked.Read(ref _finishedLength);

    internal (int Total, int Used) KvBlocks()
    {
        lock (_gate)
        {
            return (_kv.TotalBlocks, _kv.UsedBlocks);
        }
    }

    /// <summary>Counts the request, applies fault injection, then admits it, queues it, or refuses it (queue full).</summary>
    internal StartResult Start(GenerationPlan plan)
    {
        var sequence = Interlocked.Increment(ref _sequence);
        Interlocked.Increment(ref _received);
        var faults = Faults;
        var rng = new SplitMix64(SplitMix64.Mix((ulong)Options.Seed, (ulong)sequence));
        if (faults.FailRate > 0 && rng.NextDouble() < faults.FailRate)
        {
            Interlocked.Increment(ref _failed);
            return new StartResult(AdmissionOutcome.InjectedFailure, null, faults.FailStatus);
        }

        var session = new GenerationSession(this, plan, faults, rng);
        lock (_gate)
        {
            if (_queue.Count == 0 && TryAdmitLocked(session))
            {
                return new StartResult(AdmissionOutcome.Accepted, session, 0);
            }

            if (_queue.Count >= Options.MaxWaiting)
            {
                Interlocked.Increment(ref _failed);
                return new StartResult(AdmissionOutcome.QueueFull, null, StatusCodes.Status503ServiceUnavailable);
            }

            session.QueueNode = _queue.AddLast(session);
        }

        return new StartResult(AdmissionOutcome.Accepted, session, 0);
    }

    /// <summary>Removes a still-waiting session from the queue; false when it was admitted meanwhile.</summary>
    internal bool TryDequeue(GenerationSession session)
    {
        lock (_gate)
        {
            if (session.QueueNode is not { List: not null } node)
            {
                return false;
            }

            _queue.Remove(node);
            session.QueueNode = null;
            return true;
        }
    }

    internal void Release(KvLease lease)
    {
        lock (_gate)
        {
            _kv.Free(lease);
            _running -= lease.Sequences;
            if (_running == 0)
            {
                _busyTicks += Time.GetTimestamp() - _busySince;
            }

            while (_queue.First is { } head && TryAdmitLocked(head.Value))
            {
                _queue.RemoveFirst();
                head.Value.QueueNode = null;
            }
        }
    }

    internal void OnPrefillDone(int promptTokens) => Interlocked.Add(ref _promptTokens, promptTokens);

    internal void OnTokenEmitted() => Interlocked.Increment(ref _generationTokens);

    internal void OnEnded(SessionEnd end, GenerationPlan plan)
    {
        switch (end)
        {
            case SessionEnd.Completed:
                Interlocked.Increment(ref _completed);
                foreach (var choice in plan.Choices)
                {
                    Interlocked.Increment(ref choice.Finish == FinishReason.Stop ? ref _finishedStop : ref _finishedLength);
                }

                break;
            case SessionEnd.Failed:
                Interlocked.Increment(ref _failed);
                break;
            default:
                Interlocked.Increment(ref _cancelled);
                break;
        }
    }

    private bool TryAdmitLocked(GenerationSession session)
    {
        // Each choice is a sequence. A request with more choices than max_num_seqs still runs once the node is idle.
        var plan = session.Plan;
        var sequences = plan.Choices.Count;
        if (_running > 0 && _running + sequences > Options.MaxNumSeqs)
        {
            return false;
        }

        Span<int> outputs = sequences <= 16 ? stackalloc int[sequences] : new int[sequences];
        for (var i = 0; i < sequences; i++)
        {
            outputs[i] = plan.Choices[i].Tokens.Count;
        }

        var lease = _kv.TryAllocate(plan.PromptBlockHashes, plan.PromptTokens, outputs);
        if (lease is null)
        {
            return false;
        }

        if (_running == 0)
        {
            _busySince = Time.GetTimestamp();
        }

        _running += sequences;
        Interlocked.Add(ref _prefixQueries, plan.PromptTokens);
        Interlocked.Add(ref _prefixHits, lease.HitTokens);
        session.Admit(lease);
        return true;
    }
}
