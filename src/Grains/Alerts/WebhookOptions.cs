using System.ComponentModel.DataAnnotations;

namespace GatoLink.Grains.Alerts;

/// <summary>How outgoing events are delivered (<c>GatoLink:Webhooks</c>).</summary>
public sealed class WebhookOptions
{
    /// <summary>How often each silo asks the delivery worker to send what is due.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The wait before the second attempt; it doubles with each failure.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan MinBackoff { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The longest wait between attempts.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "1.00:00:00")]
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Attempts before a delivery is given up (it stays in the log as failed).</summary>
    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 10;

    /// <summary>How long a receiver may take to answer.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The wait after failed attempt <paramref name="attempt"/> (1-based).</summary>
    public TimeSpan BackoffAfter(int attempt)
    {
        var wait = MinBackoff * Math.Pow(2, Math.Min(30, attempt - 1));
        return wait < MaxBackoff ? wait : MaxBackoff;
    }
}
