namespace GatoLink.Gateway;

/// <summary>Data-plane settings (section <c>GatoLink:Gateway</c>).</summary>
public sealed class GatewayOptions
{
    /// <summary>Largest request body accepted; larger gets 413.</summary>
    public long MaxBodyBytes { get; set; } = 8 * 1024 * 1024;

    /// <summary>API keys each silo keeps in memory (loaded on first use, least recently used dropped first).</summary>
    [System.ComponentModel.DataAnnotations.Range(1, int.MaxValue)]
    public int KeyCacheSize { get; set; } = GatoLink.PerSilo.Keys.KeyDirectory.DefaultCapacity;

    /// <summary>Nodes tried per request before giving up (failover before the first byte).</summary>
    public int MaxAttempts { get; set; } = 3;

    /// <summary>A stream with no first event by then moves to the next node.</summary>
    public TimeSpan FirstTokenTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>A non-streamed answer not complete by then is a timeout.</summary>
    public TimeSpan ResponseTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>This silo's id in usage events and logs.</summary>
    public string SiloId { get; set; } = Environment.MachineName;
}
