namespace GatoLink.NodeSim;

/// <summary>
/// One generation request from acceptance to release. The endpoint drives it token by token and writes
/// whatever it produces; the session owns timing, KV lease and counters.
/// </summary>
internal sealed class GenerationSession : IDisposable
{
    private readonly NodeSimEngine _engine;
    private readonly TaskCompletionSource _admitted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly long _arrival;
    private SplitMix64 _jitter;
    private KvLease? _lease;
    private long _clockStart;
    private TimeSpan _scheduled;
    private SessionEnd _end;

    public GenerationSession(NodeSimEngine engine, GenerationPlan plan, SimFaults faults, SplitMix64 jitter)
    {
        _engine = engine;
        Plan = plan;
        Faults = faults;
        _jitter = jitter;
        _arrival = engine.Time.GetTimestamp();
    }

    public GenerationPlan Plan { get; }

    /// <summary>The fault set in force when the request arrived.</summary>
    public SimFaults Faults { get; }

    public int TokensEmitted { get; private set; }

    /// <summary>Set while waiting; touched only under the engine's lock.</summary>
    public LinkedListNode<GenerationSession>? QueueNode { get; set; }

    /// <summary>Called by the engine under its lock.</summary>
    public void Admit(KvLease lease)
    {
        _lease = lease;
        _admitted.TrySetResult();
    }

    public async ValueTask WaitAdmittedAsync(CancellationToken ct)
    {
        if (_admitted.Task.IsCompleted)
        {
            _clockStart = _engine.Time.GetTimestamp();
            return;
        }

        await using (ct.Register(static s => CancelWait((GenerationSession)s!), this))
        {
            await _admitted.Task;
        }

        _clockStart = _engine.Time.GetTimestamp();
    }

    /// <summary>Prefill: overhead plus the prompt tokens the prefix cache did not cover.</summary>
    public async ValueTask WaitFirstTokenAsync(CancellationToken ct)
    {
        if (Faults.HangBeforeFirstToken)
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, _engine.Time, ct);
        }

        var options = _engine.Options;
        var uncached = Plan.PromptTokens - (_lease?.HitTokens ?? 0);
        var ms = (options.PrefillOverheadMs + (uncached * options.PrefillMsPerToken)) * NextJitter() + Faults.SlowStartMs;
        await WaitSimulatedAsync(ms, ct);
        _engine.OnPrefillDone(Plan.PromptTokens);
    }

    /// <summary>Decode step; slower as the running batch fills the seq slots.</summary>
    public ValueTask WaitNextTokenAsync(CancellationToken ct)
    {
        var options = _engine.Options;
        if (options.ItlMs <= 0)
        {
            return ValueTask.CompletedTask;
        }

        var load = (double)_engine.Running / options.MaxNumSeqs;
        var ms = options.ItlMs * (1 + (options.ItlSlowdown * load)) * NextJitter();
        return WaitSimulatedAsync(ms, ct);
    }

    public void OnTokenEmitted()
    {
        if (TokensEmitted++ == 0)
        {
            _engine.TimeToFirstToken.Observe(_engine.Time.GetElapsedTime(_arrival).TotalSeconds);
        }

        _engine.OnTokenEmitted();
    }

    /// <summary>True when the drop fault says to cut the connection now (tokens of all choices count).</summary>
    public bool ShouldDrop => Faults.DropAfterTokens > 0 && TokensEmitted >= Faults.DropAfterTokens;

    /// <summary>
    /// Generation finished: counters move and KV/slot are released now, before the final bytes are written,
    /// so a client that has read the whole response observes the engine already idle (as vLLM frees on finish).
    /// </summary>
    public void Complete()
    {
        _engine.E2eLatency.Observe(_engine.Time.GetElapsedTime(_arrival).TotalSeconds);
        End(SessionEnd.Completed);
    }

    public void Fail() => End(SessionEnd.Failed);

    /// <summary>Frees the slot and KV blocks at once; a session that neither completed nor failed was cancelled.</summary>
    public void Dispose()
    {
        if (_end == SessionEnd.None)
        {
            _engine.TryDequeue(this);
            End(SessionEnd.Cancelled);
        }
    }

    private void End(SessionEnd end)
    {
        if (_end != SessionEnd.None)
        {
            return;
        }

        _end = end;
        if (_lease is { } lease)
        {
            _lease = null;
            _engine.Release(lease);
        }

        _engine.OnEnded(end, Plan);
    }

    private static void CancelWait(GenerationSession session)
    {
        if (session._engine.TryDequeue(session))
        {
            session._admitted.TrySetCanceled();
        }
    }

    private double NextJitter()
    {
        var fraction = _engine.Options.JitterFraction;
        return fraction <= 0 ? 1 : 1 + (fraction * ((2 * _jitter.NextDouble()) - 1));
    }

    private ValueTask WaitSimulatedAsync(double simulatedMs, CancellationToken ct)
    {
        if (simulatedMs <= 0)
        {
            return ValueTask.CompletedTask;
        }

        // Deadlines accumulate from admission so timer overshoot does not add up over hundreds of tokens.
        _scheduled += TimeSpan.FromMilliseconds(simulatedMs / _engine.Options.TimeScale);
        var remaining = _scheduled - _engine.Time.GetElapsedTime(_clockStart);
        return remaining > TimeSpan.Zero ? new ValueTask(Task.Delay(remaining, _engine.Time, ct)) : ValueTask.CompletedTask;
    }
}
