namespace GatoLink.Bench.Routing;

/// <summary>One simulated GPU node of the fleet: profile and the overrides that make the bench fit on 2 cores.</summary>
/// <param name="Profile">NodeSim profile.</param>
/// <param name="MaxNumSeqs">Running batch size.</param>
/// <param name="GpuBlocks">KV blocks of 16 tokens; small, so several long prefixes do not all fit.</param>
/// <param name="PrefillOverheadMs">Profile value, for the capacity estimate.</param>
/// <param name="PrefillMsPerToken">Profile value.</param>
/// <param name="ItlMs">Profile value.</param>
public sealed record NodeSpec(string Profile, int MaxNumSeqs, int GpuBlocks, double PrefillOverheadMs, double PrefillMsPerToken, double ItlMs)
{
    /// <summary>The heterogeneous default fleet: two fast, two slow nodes.</summary>
    public static IReadOnlyList<NodeSpec> DefaultFleet { get; } =
    [
        new("h100-8b", 12, 200, 90, 0.1, 12),
        new("h100-8b", 12, 200, 90, 0.1, 12),
        new("a10-8b", 4, 100, 235, 0.5, 35),
        new("a10-8b", 4, 100, 235, 0.5, 35),
    ];

    /// <summary>
    /// Requests per simulated second the node sustains with a full batch: slots ÷ (prefill of the uncached
    /// tokens + output × ITL slowed by a full batch), also bounded by how many requests its KV holds.
    /// </summary>
    public double Capacity(double uncachedPromptTokens, double promptTokens, double outputTokens)
    {
        var seconds = (PrefillOverheadMs + (uncachedPromptTokens * PrefillMsPerToken) + (outputTokens * ItlMs * 1.5)) / 1000;
        // A cached prefix is shared by every request of its group; only the rest is private per request.
        _ = promptTokens;
        var kvBound = GpuBlocks / Math.Max(1, (uncachedPromptTokens + outputTokens) / 16);
        return Math.Min(MaxNumSeqs, kvBound) / seconds;
    }
}
