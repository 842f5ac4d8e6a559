using System.Text.Json.Serialization;

namespace GatoLink.NodeSim;

/// <summary>
/// Injected faults. Assign a new instance to <see cref="NodeSimEngine.Faults"/> rather than mutating the current one:
/// each request snapshots the instance it arrived under. (Settable, not init, because source-generated JSON would
/// reset missing init-only members to default instead of keeping the initializers.)
/// </summary>
public sealed class SimFaults
{
    /// <summary>Fraction (0..1) of generation requests answered with <see cref="FailStatus"/>.</summary>
    [JsonPropertyName("fail_rate")]
    public double FailRate { get; set; }

    /// <summary>429, 500, 503 or 529 (Anthropic's overloaded). 429 carries Retry-After.</summary>
    [JsonPropertyName("fail_status")]
    public int FailStatus { get; set; } = 503;

    /// <summary>Accept the request, then never produce a token until the client cancels.</summary>
    [JsonPropertyName("hang_before_first_token")]
    public bool HangBeforeFirstToken { get; set; }

    /// <summary>Abort the connection after this many generated tokens (0 = never).</summary>
    [JsonPropertyName("drop_after_tokens")]
    public int DropAfterTokens { get; set; }

    /// <summary>Extra simulated delay before the first token.</summary>
    [JsonPropertyName("slow_start_ms")]
    public double SlowStartMs { get; set; }

    /// <summary>Throws <see cref="ArgumentException"/> when a value is out of range.</summary>
    public void Validate()
    {
        if (FailRate is < 0 or > 1 || double.IsNaN(FailRate))
        {
            throw new ArgumentException("fail_rate must be in [0, 1].");
        }

        if (FailStatus is not (429 or 500 or 503 or 529))
        {
            throw new ArgumentException("fail_status must be 429, 500, 503 or 529.");
        }

        if (DropAfterTokens < 0 || SlowStartMs < 0 || double.IsNaN(SlowStartMs))
        {
            throw new ArgumentException("drop_after_tokens and slow_start_ms must be >= 0.");
        }
    }
}
