namespace GatoLink.NodeSim;

/// <summary>Everything that shapes a simulated vLLM node. Durations are in simulated milliseconds, divided by <see cref="TimeScale"/>.</summary>
public sealed class NodeSimOptions
{
    /// <summary>Name of the profile these values started from (informational).</summary>
    public string Profile { get; set; } = "h100-8b";

    /// <summary>Served model names; metrics are labelled with the first one, as vLLM does with several served names.</summary>
    public IList<string> Models { get; set; } = new List<string> { "demo-8b" };

    /// <summary>Seed for generated text, jitter and fault decisions.</summary>
    public long Seed { get; set; } = 42;

    /// <summary>Simulated time runs this many times faster than real time.</summary>
    public double TimeScale { get; set; } = 1.0;

    public int MaxNumSeqs { get; set; } = 256;
    public int MaxWaiting { get; set; } = 1000;
    public int NumGpuBlocks { get; set; } = 30_000;
    public int BlockSize { get; set; } = 16;
    public double PrefillOverheadMs { get; set; } = 90;
    public double PrefillMsPerToken { get; set; } = 0.1;
    public double ItlMs { get; set; } = 12;

    /// <summary>ITL grows by this fraction when every seq slot is busy: itl × (1 + slowdown × running / max_num_seqs).</summary>
    public double ItlSlowdown { get; set; } = 0.5;

    /// <summary>Each delay is multiplied by (1 ± JitterFraction), drawn from the seeded RNG.</summary>
    public double JitterFraction { get; set; } = 0.05;

    public int MaxModelLen { get; set; } = 8192;

    /// <summary>Bounds of the deterministic output length used when the request gives no max_tokens.</summary>
    public int MinOutputTokens { get; set; } = 16;
    public int MaxOutputTokens { get; set; } = 256;

    /// <summary>Default embedding width when the request has no <c>dimensions</c>.</summary>
    public int EmbeddingDimensions { get; set; } = 1024;

    public SimFaults Faults { get; set; } = new();

    /// <summary>The protocol served: vLLM's OpenAI API (default) or Anthropic's Messages API.</summary>
    public NodeSimApi Api { get; set; } = NodeSimApi.OpenAi;

    /// <summary>
    /// The key the node demands, in its API's convention. OpenAI mode: vLLM's <c>--api-key</c>, requests under
    /// <c>/v1</c> need <c>Authorization: Bearer</c> with it (else 401). Anthropic mode: the one <c>x-api-key</c> (or
    /// bearer) accepted; null there accepts any non-empty key, as Anthropic's API never runs without one.
    /// </summary>
    public string? ApiKey { get; set; }

    /// <summary>Anthropic mode: requests per minute of the key's token bucket (refilled continuously, as Anthropic's).</summary>
    public int RequestsPerMinute { get; set; } = 4_000;

    /// <summary>Anthropic mode: tokens per minute (input plus planned output, charged at admission).</summary>
    public int TokensPerMinute { get; set; } = 2_000_000;

    /// <summary>
    /// In-process only: awaited, instead of a fixed grace, between the last token of a
    /// <see cref="SimFaults.DropAfterTokens"/> cut and the reset, so that a test lets the cut happen once its
    /// client has read every token sent (a reset can make the peer discard what it has not read yet).
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public Func<CancellationToken, Task>? BeforeDrop { get; set; }

    /// <summary>Known profile names.</summary>
    public static IReadOnlyList<string> ProfileNames { get; } = ["h100-8b", "a10-8b", "instant"];

    /// <summary>Builds the options for a named hardware profile.</summary>
    /// <remarks>
    /// The prefill overheads are chosen for the observable target (TTFT of a short chat prompt:
    /// ≈100 ms on h100-8b, ≈250 ms on a10-8b); ~60 ms + 0.1 ms/token alone would give ≈65 ms for a short prompt.
    /// </remarks>
    public static NodeSimOptions FromProfile(string profile) => profile switch
    {
        "h100-8b" => new NodeSimOptions { Profile = profile },
        "a10-8b" => new NodeSimOptions
        {
            Profile = profile,
            PrefillOverheadMs = 235,
            PrefillMsPerToken = 0.5,
            ItlMs = 35,
            MaxNumSeqs = 64,
            NumGpuBlocks = 2_000,
            MaxWaiting = 500,
        },
        "instant" => new NodeSimOptions
        {
            Profile = profile,
            PrefillOverheadMs = 0,
            PrefillMsPerToken = 0,
            ItlMs = 0,
            ItlSlowdown = 0,
            JitterFraction = 0,
            MaxNumSeqs = 1_000_000,
            MaxWaiting = 1_000_000,
            // 16M tokens: effectively unlimited, yet the prefix-cache map stays bounded over a long benchmark.
            NumGpuBlocks = 1_000_000,
            MaxModelLen = 131_072,
            MinOutputTokens = 8,
            MaxOutputTokens = 32,
        },
        _ => throw new ArgumentException($"Unknown profile '{profile}'. Known: {string.Join(", ", ProfileNames)}.", nameof(profile)),
    };

    /// <summary>Throws when a value cannot describe a node; called on start so a bad config fails loudly.</summary>
    public void Validate()
    {
        static void Require(bool ok, string message)
        {
            if (!ok)
            {
                throw new ArgumentException(message);
            }
        }

        Require(Models.Count > 0 && Models.All(m => !string.IsNullOrWhiteSpace(m)), "At least one non-empty model name is required.");
        Require(TimeScale > 0, "TimeScale must be > 0.");
        Require(MaxNumSeqs > 0, "MaxNumSeqs must be > 0.");
        Require(MaxWaiting >= 0, "MaxWaiting must be >= 0.");
        Require(NumGpuBlocks > 0, "NumGpuBlocks must be > 0.");
        Require(BlockSize > 0, "BlockSize must be > 0.");
        Require(PrefillOverheadMs >= 0 && PrefillMsPerToken >= 0 && ItlMs >= 0 && ItlSlowdown >= 0, "Latencies must be >= 0.");
        Require(JitterFraction is >= 0 and < 1, "JitterFraction must be in [0, 1).");
        Require(MaxModelLen > 1, "MaxModelLen must be > 1.");
        Require(MinOutputTokens > 0 && MaxOutputTokens >= MinOutputTokens, "Output token bounds must satisfy 0 < min <= max.");
        Require(EmbeddingDimensions > 0, "EmbeddingDimensions must be > 0.");
        Require(RequestsPerMinute > 0 && TokensPerMinute > 0, "RequestsPerMinute and TokensPerMinute must be > 0.");
        Require(ApiKey is null || ApiKey.Length > 0, "ApiKey must be null or non-empty.");
        Faults.Validate();
    }
}
