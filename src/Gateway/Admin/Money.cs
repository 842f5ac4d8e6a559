namespace GatoLink.Gateway.Admin;

/// <summary>Dollars on the wire, micro-dollars inside.</summary>
public static class Money
{
    /// <summary>USD → micro-dollars, rounded half away from zero.</summary>
    public static long? ToMicros(decimal? usd) => usd is { } v ? ToMicros(v) : null;

    /// <summary>USD → micro-dollars, rounded half away from zero.</summary>
    public static long ToMicros(decimal usd) => (long)Math.Round(usd * 1_000_000m, MidpointRounding.AwayFromZero);

    /// <summary>Micro-dollars → USD.</summary>
    public static decimal? ToUsd(long? micros) => micros is { } v ? ToUsd(v) : null;

    /// <summary>Micro-dollars → USD.</summary>
    public static decimal ToUsd(long micros) => micros / 1_000_000m;
}
