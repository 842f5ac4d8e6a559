using System.ComponentModel.DataAnnotations;

namespace GatoLink.PerSilo.Quotas;

/// <summary>How the data plane asks the key grains (section <c>GatoLink:Limits</c>).</summary>
public sealed class AdmissionOptions
{
    /// <summary>Whether rate limits and budgets are enforced.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// How long a request waits for its key grain (a silo that died takes seconds to be declared dead). Past it the
    /// request is refused with 503 and Retry-After: limits fail closed.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:00:30")]
    public TimeSpan AdmitTimeout { get; set; } = TimeSpan.FromSeconds(2);
}
