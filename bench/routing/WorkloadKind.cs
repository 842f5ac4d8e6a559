namespace GatoLink.Bench.Routing;

/// <summary>The three workloads of issue 5.</summary>
public enum WorkloadKind
{
    /// <summary>(a) 6 groups sharing a long system prompt.</summary>
    SharedPrefix,
    /// <summary>(b) ShareGPT-like prompt/output length mix, nothing shared.</summary>
    LengthMix,
    /// <summary>(c) the length mix arriving in bursts.</summary>
    Bursty,
}
