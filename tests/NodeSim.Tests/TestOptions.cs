namespace GatoLink.NodeSim.Tests;

internal static class TestOptions
{
    /// <summary>No latency, small limits: for API-shape tests.</summary>
    public static NodeSimOptions Instant(Action<NodeSimOptions>? tweak = null)
    {
        var o = NodeSimOptions.FromProfile("instant");
        tweak?.Invoke(o);
        return o;
    }

    /// <summary>Real latency model without jitter, so timings can be asserted.</summary>
    public static NodeSimOptions Timed(string profile, double timeScale, Action<NodeSimOptions>? tweak = null)
    {
        var o = NodeSimOptions.FromProfile(profile);
        o.TimeScale = timeScale;
        o.JitterFraction = 0;
        tweak?.Invoke(o);
        return o;
    }
}
