using System.ComponentModel.DataAnnotations;

namespace GatoLink.PerSilo.Scaling;

/// <summary><c>GatoLink:Scaling</c>: how often each model's node count is judged, the cool-down, and the targets.</summary>
public sealed class ScalingOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "GatoLink:Scaling";

    /// <summary>How often the signals are read and the recommendation computed.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "01:00:00")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// A recommendation falls only once every higher one is this old: a dip shorter than the cool-down changes nothing
    /// (no flapping); a rise shows at once.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan CoolDown { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Targets of every model without its own.</summary>
    public ScalingTargets Defaults { get; set; } = new();

    /// <summary>A model's own targets, by its name (a model listed here takes nothing from <see cref="Defaults"/>).</summary>
    public IDictionary<string, ScalingTargets> Models { get; } = new Dictionary<string, ScalingTargets>(StringComparer.Ordinal);

    /// <summary>The targets of a model.</summary>
    public ScalingTargets For(string model) => Models.TryGetValue(model, out var own) ? own : Defaults;
}
